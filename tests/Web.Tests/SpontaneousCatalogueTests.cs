using System.Net.Http.Json;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// Catalogue services that describe their own fields (ADR 0091, 0092): a car-tax service defined through the API is
// offered by the station at once (no configuration), its form is built from its fields, the XML is written in the car
// tax's namespace and the notice is paid through the simulated checkout; and a service an administrator adds in the
// back office's Settings reaches the citizen portal, which an operator only reads.
[Collection(WebCollection.Name)]
public sealed class SpontaneousCatalogueTests(WebPlatform web, ITestOutputHelper output)
{
    private const string CarTaxService = "00091";
    private const string CertificateService = "00092";

    static SpontaneousCatalogueTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_citizen_fills_the_car_tax_form_built_from_its_fields_gets_a_notice_of_the_fixed_amount_described_by_the_plate_and_pays_it() =>
        await web.RunAsync(nameof(A_citizen_fills_the_car_tax_form_built_from_its_fields_gets_a_notice_of_the_fixed_amount_described_by_the_plate_and_pays_it), async checks =>
        {
            var catalogue = await web.Platform.Gateway.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/spontaneous-services/{CarTaxService}", new
            {
                description = "Tassa automobilistica", companyName = "Comune di Prova", category = "9/0101108TS/",
                iban = "IT60X0542811101000000123456", amountRule = "fixed", fixedAmountCents = 15_630,
                schema = "TassaAutomobilistica_1_1_0.xsd", descriptionTemplate = "{veicoloConTarga/tipoVeicoloTarga} {veicoloConTarga/veicoloTarga}",
                fields = new object[]
                {
                    new { element = "veicoloConTarga/veicoloTarga", label = "Targa", labelEn = "Plate", kind = "plate", required = true, maxLength = 8 },
                    new
                    {
                        element = "veicoloConTarga/tipoVeicoloTarga", label = "Tipo di veicolo", labelEn = "Vehicle type", kind = "choice", required = true,
                        choices = new[] { new { value = "1", label = "autoveicolo" }, new { value = "2", label = "rimorchio" }, new { value = "4", label = "motoveicolo" } },
                    },
                },
            });
            Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());

            var page = await checks.NewPageAsync();
            await page.GotoAsync("/portale/spontaneo");
            var service = page.Locator($"#service-{Platform.Ec}-{CarTaxService}");
            await Expect(service.Locator("h3")).ToHaveTextAsync("Tassa automobilistica");
            await Expect(service.Locator(".amount")).ToHaveTextAsync("€ 156,30");
            await checks.CheckAsync(page, "car-tax-form");

            // A plate too short for the car tax: refused next to the field, with the vehicle type still chosen.
            await service.GetByLabel("Tipo di veicolo").SelectOptionAsync(new SelectOptionValue { Label = "motoveicolo" });
            await service.GetByLabel("Targa").FillAsync("AB1");
            await service.GetByRole(AriaRole.Button, new() { Name = "Crea l'avviso" }).ClickAsync();
            service = page.Locator($"#service-{Platform.Ec}-{CarTaxService}");
            await Expect(service.Locator(".field-error")).ToContainTextAsync("Scrivi una targa valida");
            await Expect(service.GetByLabel("Targa")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(service.GetByLabel("Tipo di veicolo")).ToHaveValueAsync("4");
            await checks.CheckAsync(page, "car-tax-refused");

            // Written in the car tax's namespace and nesting, the station checks it against TassaAutomobilistica_1_1_0.xsd,
            // which it learned from the catalogue (the platform's configuration names only 00001 and 00002).
            await service.GetByLabel("Targa").FillAsync("ab 123 cd");
            await service.GetByRole(AriaRole.Button, new() { Name = "Crea l'avviso" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/avviso");
            await Expect(page.Locator("#instalment-0")).ToContainTextAsync("Tassa automobilistica - motoveicolo AB123CD");
            await Expect(page.Locator("#instalment-0 .amount")).ToHaveTextAsync("€ 156,30");
            await checks.CheckAsync(page, "car-tax-notice");

            await Journeys.PayFirstInstalmentAsync(page, web, checks, "€ 156,30", "car-tax-paid");
        }, output);

    [Fact]
    public async Task An_administrator_adds_a_service_with_its_fields_after_a_refusal_shown_next_to_the_field_and_a_citizen_sees_its_form_in_the_portal() =>
        await web.RunAsync(nameof(An_administrator_adds_a_service_with_its_fields_after_a_refusal_shown_next_to_the_field_and_a_citizen_sees_its_form_in_the_portal), async checks =>
        {
            var admin = await checks.NewPageAsync();
            await Journeys.SignInAsync(admin, checks, "amministratore77");
            await admin.GotoAsync("/backoffice/impostazioni");
            await admin.Locator($"#add-service-{Platform.Ec}").ClickAsync();
            await Expect(admin.Locator("h1")).ToHaveTextAsync("Nuovo servizio");
            await admin.FillAsync("#service-id", CertificateService);
            await admin.FillAsync("#service-description", "Diritti di segreteria");
            await admin.FillAsync("#service-company", "Comune di Prova");
            await admin.FillAsync("#service-category", "9/0101108TS/");
            await admin.FillAsync("#service-iban", "IT60X0542811101000000123456");
            await admin.SelectOptionAsync("#service-amount-rule", "fixed");
            await admin.FillAsync("#service-fixed-amount", "16,00");
            await admin.FillAsync("#field-0-element", "dataRilascio");
            await admin.FillAsync("#field-0-label", "Data del certificato");
            await admin.SelectOptionAsync("#field-0-kind", "date");
            await admin.Locator("label[for='field-0-required']").ClickAsync(); // bootstrap-italia draws the box on the label
            await admin.FillAsync("#field-1-element", "uso");
            await admin.FillAsync("#field-1-label", "Uso del certificato");
            await admin.SelectOptionAsync("#field-1-kind", "choice");
            await admin.Locator("label[for='field-1-required']").ClickAsync();
            await admin.FillAsync("#service-description-template", "{uso} del {dataRilascio}");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Salva il servizio" }).ClickAsync();

            // A choice list without its values: DebtPositions refuses it and the page shows why next to that field.
            await Expect(admin.Locator("#field-1-choices-error")).ToContainTextAsync("between 1 and 30 choices");
            await Expect(admin.Locator("#field-1-choices")).ToHaveAttributeAsync("aria-invalid", "true");
            await checks.CheckAsync(admin, "service-refused");
            await admin.FillAsync("#field-1-choices", "bollo=in bollo\nlibero=in carta libera");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Salva il servizio" }).ClickAsync();
            await Expect(admin.Locator("#service-saved")).ToBeVisibleAsync();
            await Expect(admin.Locator($"#settings-{Platform.Ec}").Locator("..")).ToContainTextAsync("Data del certificato, Uso del certificato");
            await checks.CheckAsync(admin, "service-saved");

            var operatorPage = await checks.NewPageAsync();
            await Journeys.SignInAsync(operatorPage, checks, "operatore77");
            await operatorPage.GotoAsync("/backoffice/impostazioni");
            await Expect(operatorPage.Locator("#read-only")).ToBeVisibleAsync();
            await Expect(operatorPage.Locator("main")).ToContainTextAsync("Diritti di segreteria");
            await Expect(operatorPage.Locator($"#add-service-{Platform.Ec}")).ToHaveCountAsync(0);
            await operatorPage.GotoAsync($"/backoffice/impostazioni/{Platform.Ec}/servizi/{CertificateService}");
            await Expect(operatorPage.Locator("#service-description")).ToHaveCountAsync(0);

            var citizen = await checks.NewPageAsync();
            await citizen.GotoAsync("/portale/spontaneo");
            var service = citizen.Locator($"#service-{Platform.Ec}-{CertificateService}");
            await Expect(service.Locator("h3")).ToHaveTextAsync("Diritti di segreteria");
            await Expect(service.GetByLabel("Data del certificato")).ToHaveAttributeAsync("type", "date");
            await Expect(service.GetByLabel("Uso del certificato").Locator("option")).ToHaveTextAsync(["Scegli…", "in bollo", "in carta libera"]);
            await checks.CheckAsync(citizen, "service-in-portal");
        }, output);
}
