using System.Net.Http.Json;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// DebtPositions' refusals as the pages show them (the API's 400 with field errors is ManualEntryTests'): a position
// the EC does not have (404) is the not-found page, and a save over a version changed meanwhile (409 on If-Match)
// keeps the form with its message and leaves the other save in place.
[Collection(WebCollection.Name)]
public sealed class RefusalTests(WebPlatform web, ITestOutputHelper output)
{
    static RefusalTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_position_the_API_does_not_have_is_the_not_found_page_and_a_save_over_a_newer_version_is_refused_without_overwriting_it() =>
        await web.RunAsync(nameof(A_position_the_API_does_not_have_is_the_not_found_page_and_a_save_over_a_newer_version_is_refused_without_overwriting_it), async checks =>
        {
            var iupd = "WEB-REF-" + Guid.NewGuid().ToString("N")[..10];
            var created = await web.Platform.Gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions", Positions.OneNotice(iupd));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

            var first = await checks.NewPageAsync();
            await Journeys.SignInAsync(first, checks, "operatore77");
            var missing = await first.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}-NONE");
            Assert.Equal(404, missing!.Status);
            await Expect(first.Locator("h1")).ToHaveTextAsync("Posizione non trovata");

            // Two operators open the same draft; the second saves first.
            await first.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}/modifica");
            await Expect(first.Locator("#instalment-0-amount")).ToHaveValueAsync("120,50");
            var second = await checks.NewPageAsync();
            await Journeys.SignInAsync(second, checks, "operatore77");
            await second.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}/modifica");
            await second.FillAsync("#instalment-0-amount", "130,00");
            await second.GetByRole(AriaRole.Button, new() { Name = "Salva modifiche" }).ClickAsync();
            await Expect(second.Locator(".alert-success")).ToHaveTextAsync("Modifiche salvate.");

            await first.FillAsync("#instalment-0-amount", "140,00");
            await first.GetByRole(AriaRole.Button, new() { Name = "Salva modifiche" }).ClickAsync();
            await Expect(first.Locator("#form-errors")).ToContainTextAsync("La posizione è cambiata nel frattempo");
            await Expect(first.Locator("[aria-invalid=true]")).ToHaveCountAsync(0);
            await checks.CheckAsync(first, "stale-save-refused");

            await first.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}");
            await Expect(first.Locator("#instalments")).ToContainTextAsync("€ 130,00");
            await Expect(first.Locator("#instalments")).Not.ToContainTextAsync("€ 140,00");
        }, output);
}
