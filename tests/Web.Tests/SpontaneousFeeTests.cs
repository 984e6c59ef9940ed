using System.Net.Http.Json;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// A fee at a fixed amount from the EC's catalogue (diritti di segreteria): the portal shows its amount instead of
// asking one, the citizen states what it is for, and the notice the station creates is of the catalogue's amount
// whatever the citizen might send, then paid through the same checkout.
[Collection(WebCollection.Name)]
public sealed class SpontaneousFeeTests(WebPlatform web, ITestOutputHelper output)
{
    static SpontaneousFeeTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_citizen_pays_a_fixed_fee_of_the_catalogue_stating_only_its_purpose_and_the_notice_is_of_the_catalogues_amount() =>
        await web.RunAsync(nameof(A_citizen_pays_a_fixed_fee_of_the_catalogue_stating_only_its_purpose_and_the_notice_is_of_the_catalogues_amount), async checks =>
        {
            var catalogue = await web.Platform.Gateway.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/spontaneous-services/{Platform.FeeService}", new
            {
                description = "Diritti di segreteria", companyName = "Comune di Prova", category = "9/0101108TS/",
                iban = "IT60X0542811101000000123456", amountRule = "fixed", fixedAmountCents = 1_600,
            });
            Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());

            var page = await checks.NewPageAsync();
            await page.GotoAsync("/portale/spontaneo");
            var service = page.Locator($"#service-{Platform.Ec}-{Platform.FeeService}");
            await Expect(service.Locator("h3")).ToHaveTextAsync("Diritti di segreteria");
            await Expect(service.Locator(".amount")).ToHaveTextAsync("€ 16,00");
            await Expect(service.GetByLabel("Importo in euro")).ToHaveCountAsync(0);
            await checks.CheckAsync(page, "fee-in-catalogue");

            await service.GetByLabel("Causale (facoltativa)").FillAsync("certificato di residenza");
            await service.GetByRole(AriaRole.Button, new() { Name = "Crea l'avviso" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/avviso");
            await Expect(page.Locator("#instalment-0")).ToContainTextAsync("Diritti di segreteria - certificato di residenza");
            await Expect(page.Locator("#instalment-0 .amount")).ToHaveTextAsync("€ 16,00");
            await checks.CheckAsync(page, "fee-notice");

            await Journeys.PayFirstInstalmentAsync(page, web, checks, "€ 16,00", "fee-paid");
        }, output);
}
