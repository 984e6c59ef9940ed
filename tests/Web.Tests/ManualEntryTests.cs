using System.Globalization;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// Manual entry beyond one transfer and one debtor: an instalment split with another beneficiary (a second transfer),
// a jointly liable debtor (notices of their own), the API's validation of both shown next to their fields, and a
// draft edited through the same form.
[Collection(WebCollection.Name)]
public sealed class ManualEntryTests(WebPlatform web, ITestOutputHelper output)
{
    static ManualEntryTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_instalment_split_with_another_beneficiary_and_a_jointly_liable_debtor_are_validated_next_to_their_fields_created_and_edited_as_a_draft() =>
        await web.RunAsync(nameof(An_instalment_split_with_another_beneficiary_and_a_jointly_liable_debtor_are_validated_next_to_their_fields_created_and_edited_as_a_draft), async checks =>
        {
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "operatore77");
            await page.GotoAsync("/backoffice/posizioni/nuova");
            await page.FillAsync("#revenue-type", "TARI");
            await page.FillAsync("#fiscal-code", "RSSMRA80A01H501U");
            await page.FillAsync("#full-name", "Mario Rossi");
            await page.FillAsync("#description", "TARI e TEFA 2026");
            await page.FillAsync("#iban", "IT60X0542811101000000123456");
            await page.FillAsync("#instalment-0-amount", "100,00");
            await page.FillAsync("#instalment-0-due", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

            // Rows come back with what was typed so far.
            await page.GetByRole(AriaRole.Button, new() { Name = "Aggiungi coobbligato" }).ClickAsync();
            await page.FillAsync("#co-debtor-0-fiscal-code", "BNCLRA85M41F205X");
            await page.FillAsync("#co-debtor-0-full-name", "Laura Bianchi");
            await page.GetByRole(AriaRole.Button, new() { Name = "Aggiungi quota alla rata 1" }).ClickAsync();
            await Expect(page.Locator("#co-debtor-0-fiscal-code")).ToHaveValueAsync("BNCLRA85M41F205X");
            await page.FillAsync("#instalment-0-quota-0-organization", "88888888888");
            await page.FillAsync("#instalment-0-quota-0-amount", "30,00");
            await page.FillAsync("#instalment-0-quota-0-iban", "IT60X0542811101000000123456");
            await page.FillAsync("#instalment-0-quota-0-category", "XYZ");
            await checks.CheckAsync(page, "split-and-co-debtor-entered");

            // The API refuses the co-debtor's fiscal code and the quota's taxonomy: each message next to its field.
            await page.GetByRole(AriaRole.Button, new() { Name = "Crea posizione" }).ClickAsync();
            await Expect(page.Locator("#co-debtor-0-fiscal-code-error")).ToBeVisibleAsync();
            await Expect(page.Locator("#co-debtor-0-fiscal-code")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#instalment-0-quota-0-category-error")).ToBeVisibleAsync();
            await Expect(page.Locator("#instalment-0-quota-0-category")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#fiscal-code-error")).ToHaveCountAsync(0);
            await checks.CheckAsync(page, "split-and-co-debtor-refused");

            await page.FillAsync("#co-debtor-0-fiscal-code", "BNCLRA85M41F205C");
            await page.FillAsync("#instalment-0-quota-0-category", "9/0101108TS/");
            await page.GetByRole(AriaRole.Button, new() { Name = "Crea posizione" }).ClickAsync();
            await Expect(page.Locator("#position-status")).ToContainTextAsync("DRAFT");
            var instalments = page.Locator("#instalments tbody tr");
            await Expect(instalments).ToHaveCountAsync(2);
            await Expect(page.Locator("#instalments")).ToContainTextAsync("Coobbligato: Laura Bianchi");
            await Expect(page.Locator("#instalments")).ToContainTextAsync("Quota 1: € 70,00");
            await Expect(page.Locator("#instalments")).ToContainTextAsync("Quota 2: € 30,00 · 88888888888");
            await checks.CheckAsync(page, "split-and-co-debtor-created");

            // Editing the draft: the same form, filled in; the new total leaves the EC the difference.
            await page.GetByRole(AriaRole.Link, new() { Name = "Modifica" }).ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync("Modifica posizione");
            await Expect(page.Locator("#instalment-0-amount")).ToHaveValueAsync("100,00");
            await Expect(page.Locator("#instalment-0-quota-0-amount")).ToHaveValueAsync("30,00");
            await Expect(page.Locator("#co-debtor-0-fiscal-code")).ToHaveValueAsync("BNCLRA85M41F205C");
            await page.FillAsync("#instalment-0-amount", "120,00");
            await checks.CheckAsync(page, "draft-edit");
            await page.GetByRole(AriaRole.Button, new() { Name = "Salva modifiche" }).ClickAsync();
            await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Modifiche salvate.");
            await Expect(instalments).ToHaveCountAsync(2);
            await Expect(page.Locator("#instalments")).ToContainTextAsync("Quota 1: € 90,00");
            await Expect(page.Locator("#instalments")).ToContainTextAsync("€ 120,00");
            await checks.CheckAsync(page, "draft-edited");
        }, output);
}
