using Flows.Tests;
using Microsoft.Playwright;
using Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The journey in a real browser against the real platform: an operator enters a position of two instalments
// by hand and publishes it; a citizen finds it, pays the first instalment through the simulated pagoPA checkout (real
// verify, activate and sendRT calls), and downloads the receipt; the operator sees the payment on the timeline.
[Collection(WebCollection.Name)]
public sealed class PaymentJourneyTests(WebPlatform web, ITestOutputHelper output)
{
    private const string Debtor = "RSSMRA80A01H501U";

    static PaymentJourneyTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_operator_publishes_two_instalments_a_citizen_pays_the_first_gets_its_receipt_and_the_operator_sees_it_on_the_timeline() =>
        await web.RunAsync(nameof(PaymentJourneyTests), async checks =>
        {
            var backoffice = await checks.NewPageAsync();
            await Journeys.SignInAsync(backoffice, checks, "operatore77");

            // Manual entry: two instalments; a wrong fiscal code is refused by the API, its message shown next to the field.
            await backoffice.GotoAsync("/backoffice/posizioni/nuova");
            await backoffice.GetByRole(AriaRole.Button, new() { Name = "Aggiungi rata" }).ClickAsync();
            await Expect(backoffice.Locator("#instalment-1-amount")).ToBeVisibleAsync();
            await FillPositionAsync(backoffice, "RSSMRA80A01H501X");
            await backoffice.GetByRole(AriaRole.Button, new() { Name = "Crea posizione" }).ClickAsync();
            await Expect(backoffice.Locator("#fiscal-code-error")).ToContainTextAsync("fiscal code");
            await Expect(backoffice.Locator("#fiscal-code")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(backoffice.Locator("#instalment-1-amount")).ToHaveValueAsync("40,50");
            await checks.CheckAsync(backoffice, "validation-next-to-fields");

            await backoffice.FillAsync("#fiscal-code", Debtor);
            await backoffice.GetByRole(AriaRole.Button, new() { Name = "Crea posizione" }).ClickAsync();
            await Expect(backoffice.Locator("#position-status")).ToContainTextAsync("DRAFT");
            var positionUrl = backoffice.Url.Split('?')[0];
            await checks.CheckAsync(backoffice, "position-created");

            await backoffice.GetByRole(AriaRole.Link, new() { Name = "Pubblica" }).ClickAsync();
            await checks.CheckAsync(backoffice, "publish-confirmation");
            await backoffice.GetByRole(AriaRole.Button, new() { Name = "Conferma pubblicazione" }).ClickAsync();
            await Expect(backoffice.Locator("#position-status")).ToContainTextAsync("VALID");
            var navs = await backoffice.Locator("#instalments tbody tr td:first-child").AllInnerTextsAsync();
            Assert.Equal(2, navs.Count);
            var firstNav = navs[0].Trim();
            await checks.CheckAsync(backoffice, "position-published");

            // The station learns the notice from events; the checkout's verify needs it there.
            await Eventually.TrueAsync(async () => (await web.Platform.Gateway.GetAsync($"/api/node-adapter/organizations/{Platform.Ec}/notices/{firstNav}")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30), "the NodeAdapter knows the first instalment");

            // The citizen, in another browser context: finds the notice, pays the first instalment, gets the receipt.
            var portal = await checks.NewPageAsync();
            await portal.GotoAsync("/");
            await checks.CheckAsync(portal, "portal-lookup");
            await Journeys.LookUpAsync(portal, Platform.Ec, firstNav, Debtor.ToLowerInvariant());
            await Expect(portal.Locator("#instalment-0 .instalment-status")).ToHaveTextAsync("Da pagare");
            await Expect(portal.Locator("#instalment-1 .instalment-status")).ToHaveTextAsync("Da pagare");
            Assert.DoesNotContain(Debtor, portal.Url, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(firstNav, portal.Url, StringComparison.Ordinal);
            await checks.CheckAsync(portal, "portal-notice");

            await portal.Locator("#instalment-0").GetByRole(AriaRole.Button, new() { Name = "Paga con pagoPA" }).ClickAsync();
            await portal.WaitForURLAsync(new Uri(web.Checkout, "/checkout/carts/").ToString() + "**");
            await Expect(portal.Locator("#amount")).ToHaveTextAsync("€ 60,00");
            await checks.CheckAsync(portal, "checkout");
            await portal.GetByRole(AriaRole.Button, new() { Name = "Paga", Exact = true }).ClickAsync();
            await portal.WaitForURLAsync(new Uri(web.Site, "/portale/avviso?esito=ok").ToString());
            await Expect(portal.Locator("#instalment-0 .instalment-status")).ToHaveTextAsync("Pagata");
            await Expect(portal.Locator("#instalment-1 .instalment-status")).ToHaveTextAsync("Da pagare");
            await checks.CheckAsync(portal, "portal-paid");

            var download = await portal.RunAndWaitForDownloadAsync(() =>
                portal.Locator("#instalment-0").GetByRole(AriaRole.Link, new() { Name = "Scarica la ricevuta" }).ClickAsync());
            var receipt = Path.Combine(checks.Folder, "ricevuta.pdf");
            await download.SaveAsAsync(receipt);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(receipt))[..4]));

            // Back office: the payment is on the timeline and the instalment shows paid, with its receipt.
            await backoffice.GotoAsync(positionUrl);
            await Expect(backoffice.Locator("#position-status")).ToContainTextAsync("PARTIALLY_PAID");
            await Expect(backoffice.Locator("#timeline")).ToContainTextAsync("Rata pagata");
            await Expect(backoffice.Locator("#timeline")).ToContainTextAsync(firstNav);
            await Expect(backoffice.Locator("#instalments tbody tr").First.GetByRole(AriaRole.Link, new() { Name = "Ricevuta PDF" })).ToBeVisibleAsync();
            await checks.CheckAsync(backoffice, "timeline-with-payment");
        }, output);

    private static async Task FillPositionAsync(IPage page, string fiscalCode)
    {
        await page.FillAsync("#revenue-type", "TARI");
        await page.FillAsync("#fiscal-code", fiscalCode);
        await page.FillAsync("#full-name", "Mario Rossi");
        await page.FillAsync("#description", "TARI 2026");
        await page.FillAsync("#iban", "IT60X0542811101000000123456");
        await page.FillAsync("#instalment-0-amount", "60,00");
        await page.FillAsync("#instalment-0-due", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#instalment-1-amount", "40,50");
        await page.FillAsync("#instalment-1-due", DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
