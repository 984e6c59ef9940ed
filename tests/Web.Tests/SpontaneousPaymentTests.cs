using System.Net.Http.Json;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// A spontaneous payment from the portal (ADR 0060): the EC's catalogue, a form built from the service's input, its
// answers checked next to the fields, the notice created by the EC's station through the simulated checkout's
// paDemandPaymentNotice, then paid at once through the checkout, and its receipt downloaded.
[Collection(WebCollection.Name)]
public sealed class SpontaneousPaymentTests(WebPlatform web, ITestOutputHelper output)
{
    static SpontaneousPaymentTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_citizen_fills_a_catalogue_services_form_gets_a_payable_notice_of_that_amount_pays_it_and_downloads_the_receipt() =>
        await web.RunAsync(nameof(A_citizen_fills_a_catalogue_services_form_gets_a_payable_notice_of_that_amount_pays_it_and_downloads_the_receipt), async checks =>
        {
            var catalogue = await web.Platform.Gateway.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/spontaneous-services/{Platform.DonationService}", new
            {
                description = "Donazione alla biblioteca", companyName = "Comune di Prova", category = "9/0101108TS/",
                iban = "IT60X0542811101000000123456", amountRule = "from-data", maxAmountCents = 100_000,
            });
            Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());

            var page = await checks.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Pagamenti spontanei" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/spontaneo");
            var service = page.Locator($"#service-{Platform.Ec}-{Platform.DonationService}");
            await Expect(service.Locator("h3")).ToHaveTextAsync("Donazione alla biblioteca");
            await Expect(service.GetByLabel("Importo in euro")).ToBeVisibleAsync();
            await checks.CheckAsync(page, "spontaneous-catalogue");

            // Over the catalogue's maximum: refused next to the field, before anything is created.
            await service.GetByLabel("Importo in euro").FillAsync("1500,00");
            await service.GetByRole(AriaRole.Button, new() { Name = "Crea l'avviso" }).ClickAsync();
            service = page.Locator($"#service-{Platform.Ec}-{Platform.DonationService}");
            await Expect(service.Locator(".field-error")).ToContainTextAsync("L'importo massimo è € 1.000,00");
            await Expect(service.GetByLabel("Importo in euro")).ToHaveAttributeAsync("aria-invalid", "true");
            await checks.CheckAsync(page, "spontaneous-refused");

            await service.GetByLabel("Importo in euro").FillAsync("25,50");
            await service.GetByLabel("Causale (facoltativa)").FillAsync("per i libri dei ragazzi");
            await service.GetByRole(AriaRole.Button, new() { Name = "Crea l'avviso" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/avviso");
            Assert.DoesNotContain("25", page.Url, StringComparison.Ordinal);
            await Expect(page.Locator("#instalment-0")).ToContainTextAsync("Donazione alla biblioteca - per i libri dei ragazzi");
            await Expect(page.Locator("#instalment-0 .amount")).ToHaveTextAsync("€ 25,50");
            await Expect(page.Locator("#instalment-0 .instalment-status")).ToHaveTextAsync("Da pagare");
            await checks.CheckAsync(page, "spontaneous-notice");

            await Journeys.PayFirstInstalmentAsync(page, web, checks, "€ 25,50", "spontaneous-paid");

            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.Locator("#instalment-0").GetByRole(AriaRole.Link, new() { Name = "Scarica la ricevuta" }).ClickAsync());
            var receipt = Path.Combine(checks.Folder, "ricevuta.pdf");
            await download.SaveAsAsync(receipt);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(receipt))[..4]));
        }, output);
}
