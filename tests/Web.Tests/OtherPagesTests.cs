using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The pages the journeys do not pass through, each screenshotted and scanned like the others.
[Collection(WebCollection.Name)]
public sealed class OtherPagesTests(WebPlatform web, ITestOutputHelper output)
{
    static OtherPagesTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Settings_sign_out_error_and_search_pages_show_their_content_without_serious_accessibility_violations() =>
        await web.RunAsync(nameof(OtherPagesTests), async checks =>
        {
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "amministratore77");

            await page.GotoAsync("/backoffice/impostazioni");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Impostazioni");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Catalogo dei pagamenti spontanei" })).ToBeVisibleAsync();
            await checks.CheckAsync(page, "settings");

            await page.GotoAsync("/backoffice/ricerca");
            await page.SelectOptionAsync("#status", "VALID");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cerca", Exact = true }).ClickAsync();
            await Expect(page.Locator("h2[aria-live]")).ToContainTextAsync("Risultati");
            await checks.CheckAsync(page, "search-by-status");

            await page.GotoAsync("/backoffice/uscita");
            await checks.CheckAsync(page, "sign-out-question");

            var missing = await page.GotoAsync("/portale/non-esiste");
            Assert.Equal(404, missing!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Pagina non trovata");
            await checks.CheckAsync(page, "not-found");

            await page.GotoAsync("/portale/troppe-richieste");
            await checks.CheckAsync(page, "too-many-lookups");

            await page.GotoAsync("/");
            await page.FillAsync("#notice-number", "123");
            await page.FillAsync("#fiscal-code", "RSSMRA80A01H501U");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cerca l'avviso" }).ClickAsync();
            await Expect(page.Locator("#lookup-failure")).ToBeVisibleAsync();
            await checks.CheckAsync(page, "lookup-refused");
        }, output);
}
