using System.Text.Json.Nodes;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// An administrator's settings: the EC's notice template (texts and logo) and its webhook subscriptions.
[Collection(WebCollection.Name)]
public sealed class SettingsTests(WebPlatform web, ITestOutputHelper output)
{
    // A 1×1 PNG.
    private static readonly byte[] Logo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    static SettingsTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_administrator_saves_the_notice_template_with_a_logo_after_a_refused_cbill_code_and_creates_pauses_and_resumes_a_webhook() =>
        await web.RunAsync(nameof(An_administrator_saves_the_notice_template_with_a_logo_after_a_refused_cbill_code_and_creates_pauses_and_resumes_a_webhook), async checks =>
        {
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "amministratore77");
            await page.GotoAsync("/backoffice/impostazioni");
            await page.GetByRole(AriaRole.Link, new() { Name = "Modello dell'avviso Comune di Prova" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Modello dell'avviso");
            await checks.CheckAsync(page, "notice-template");

            await page.FillAsync("#company-name", "Comune di Prova");
            await page.FillAsync("#where-to-pay", "Presso gli sportelli e le app aderenti a pagoPA.");
            await page.FillAsync("#cbill-code", "AB");
            await page.SetInputFilesAsync("#logo", new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = Logo });
            await page.GetByRole(AriaRole.Button, new() { Name = "Salva il modello" }).ClickAsync();
            await Expect(page.Locator("#cbill-code-error")).ToBeVisibleAsync();
            await Expect(page.Locator("#cbill-code")).ToHaveAttributeAsync("aria-invalid", "true");
            await checks.CheckAsync(page, "notice-template-refused");

            await page.FillAsync("#cbill-code", "AB123");
            await page.FillAsync("#postal-account-holder", "Comune di Prova Servizio Tesoreria");
            await page.SetInputFilesAsync("#logo", new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = Logo });
            await page.GetByRole(AriaRole.Button, new() { Name = "Salva il modello" }).ClickAsync();
            await Expect(page.Locator("#template-saved")).ToBeVisibleAsync();
            await Expect(page.Locator("#current-logo")).ToBeVisibleAsync();
            await Expect(page.Locator("#cbill-code")).ToHaveValueAsync("AB123");
            await checks.CheckAsync(page, "notice-template-saved");
            var template = JsonNode.Parse(await web.Platform.Gateway.GetStringAsync($"/api/iuv/organizations/{Platform.Ec}/notice-template"))!;
            Assert.Equal(("AB123", Convert.ToBase64String(Logo)), ((string?)template["cbillCode"], (string?)template["logo"]));

            // Saving the texts again without a new file keeps the logo (the API replaces the whole template).
            await page.FillAsync("#office", "Ufficio tributi");
            await page.GetByRole(AriaRole.Button, new() { Name = "Salva il modello" }).ClickAsync();
            await Expect(page.Locator("#template-saved")).ToBeVisibleAsync();
            template = JsonNode.Parse(await web.Platform.Gateway.GetStringAsync($"/api/iuv/organizations/{Platform.Ec}/notice-template"))!;
            Assert.Equal(("Ufficio tributi", Convert.ToBase64String(Logo)), ((string?)template["office"], (string?)template["logo"]));
            // The bollettino's fields are on the form too, so a save does not clear them.
            Assert.Equal("Comune di Prova Servizio Tesoreria", (string?)template["postalAccountHolder"]);

            // Webhooks: refused without an address and events, then created (secret shown once), paused, resumed.
            await page.GotoAsync($"/backoffice/impostazioni/{Platform.Ec}/webhook");
            await page.GetByRole(AriaRole.Button, new() { Name = "Crea la sottoscrizione" }).ClickAsync();
            await Expect(page.Locator("#target-url-error")).ToBeVisibleAsync();
            await checks.CheckAsync(page, "webhook-refused");
            var target = $"http://127.0.0.1:9/web-tests/{Guid.NewGuid():N}";
            await page.FillAsync("#target-url", target);
            // bootstrap-italia draws the checkbox on its label, which takes the click.
            await page.Locator("label[for='event-0']").ClickAsync();
            await Expect(page.GetByLabel("Ricevuta archiviata")).ToBeCheckedAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Crea la sottoscrizione" }).ClickAsync();
            await Expect(page.Locator("#webhook-secret code")).Not.ToBeEmptyAsync();
            var subscription = page.Locator("section", new() { HasText = target });
            await Expect(subscription.Locator(".badge")).ToHaveTextAsync("Attiva");
            await checks.CheckAsync(page, "webhook-created");

            await subscription.GetByRole(AriaRole.Button, new() { Name = "Sospendi" }).ClickAsync();
            await Expect(page.Locator("#webhook-message")).ToHaveTextAsync("Sottoscrizione sospesa.");
            await Expect(page.Locator("#webhook-secret")).ToHaveCountAsync(0);
            await Expect(subscription.Locator(".badge")).ToHaveTextAsync("Sospesa");
            await subscription.GetByRole(AriaRole.Button, new() { Name = "Riattiva" }).ClickAsync();
            await Expect(subscription.Locator(".badge")).ToHaveTextAsync("Attiva");
            await checks.CheckAsync(page, "webhook-resumed");
        }, output);
}
