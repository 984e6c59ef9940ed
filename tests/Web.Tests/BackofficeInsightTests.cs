using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flows.Tests;
using Microsoft.Playwright;
using Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The back office beyond entry and publication: the search by a debtor's fiscal code, dates and revenue type (posted,
// never in a URL), a paid position's receipts, reconciliation and audit, and the home's figures. Positions are seeded
// through the API as a municipal system would; payments go through the Node simulator.
[Collection(WebCollection.Name)]
public sealed class BackofficeInsightTests(WebPlatform web, ITestOutputHelper output)
{
    // Not the other tests' debtor: their statement holds only the search test's positions.
    private const string Searched = "BNCLRA85M41F205C";

    private const string Payer = "VRDGPP75C15L219H";

    static BackofficeInsightTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Searching_by_the_debtors_fiscal_code_or_by_due_dates_and_revenue_type_finds_their_positions_and_keeps_the_code_out_of_the_url() =>
        await web.RunAsync(nameof(Searching_by_the_debtors_fiscal_code_or_by_due_dates_and_revenue_type_finds_their_positions_and_keeps_the_code_out_of_the_url), async checks =>
        {
            var imu = await CreateAsync(Searched, "WEB-SRC-IMU-", "IMU", dueInDays: 20, publish: true);
            var tari = await CreateAsync(Searched, "WEB-SRC-TARI-", "TARI", dueInDays: 40, publish: true);
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "operatore77");
            await page.GotoAsync("/backoffice/ricerca");
            await checks.CheckAsync(page, "search-form");

            // By fiscal code (written in lower case): the debtor's statement, both revenues.
            await page.SelectOptionAsync("#kind", "fiscalCode");
            await page.FillAsync("#value", Searched.ToLowerInvariant());
            await SearchAsync(page);
            await Expect(page.Locator("#results")).ToContainTextAsync(imu.Iupd);
            await Expect(page.Locator("#results")).ToContainTextAsync(tari.Iupd);
            await Expect(page.Locator("#statement-totals")).ToContainTextAsync("€ 84,00");
            Assert.DoesNotContain(Searched, page.Url, StringComparison.OrdinalIgnoreCase);
            await checks.CheckAsync(page, "statement-by-fiscal-code");

            // The same, narrowed to one revenue type.
            await page.FillAsync("#revenue-type", "imu");
            await SearchAsync(page);
            await Expect(page.Locator("#results")).ToContainTextAsync(imu.Iupd);
            await Expect(page.Locator("#results")).Not.ToContainTextAsync(tari.Iupd);

            // A fiscal code of the wrong shape: the message next to the field, no call made.
            await page.FillAsync("#value", "RSSMRA80");
            await SearchAsync(page);
            await Expect(page.Locator("#value-error")).ToContainTextAsync("16 caratteri");
            await Expect(page.Locator("#value")).ToHaveAttributeAsync("aria-invalid", "true");
            await checks.CheckAsync(page, "fiscal-code-refused");

            // No value: the list, by due dates around the IMU position's due date and by revenue type.
            await page.FillAsync("#value", "");
            await page.FillAsync("#revenue-type", "");
            await page.FillAsync("#due-from", Day(19));
            await page.FillAsync("#due-to", Day(21));
            await SearchAsync(page);
            await Expect(page.Locator("#results")).ToContainTextAsync(imu.Iupd);
            await Expect(page.Locator("#results")).Not.ToContainTextAsync(tari.Iupd);
            await checks.CheckAsync(page, "list-by-due-dates");

            // Dates the wrong way round: the API's refusal shown next to the date it names.
            await page.FillAsync("#due-from", Day(21));
            await page.FillAsync("#due-to", Day(19));
            await SearchAsync(page);
            await Expect(page.Locator("#due-from-error")).ToBeVisibleAsync();
            await Expect(page.Locator("#due-from")).ToHaveAttributeAsync("aria-invalid", "true");
            await checks.CheckAsync(page, "dates-refused");
        }, output);

    [Fact]
    public async Task A_paid_position_shows_its_receipt_in_a_table_that_fits_its_column_reconciliation_and_audit_offers_no_action_and_the_home_counts_it() =>
        await web.RunAsync(nameof(A_paid_position_shows_its_receipt_in_a_table_that_fits_its_column_reconciliation_and_audit_offers_no_action_and_the_home_counts_it), async checks =>
        {
            var paid = await CreateAsync(Payer, "WEB-PAID-", "TARI", dueInDays: 30, publish: true);
            await CreateAsync(Payer, "WEB-OPEN-A-", "TARI", dueInDays: 30, publish: true);
            await CreateAsync(Payer, "WEB-OPEN-B-", "TARI", dueInDays: 30, publish: true);
            var payment = JsonNode.Parse(await (await web.Platform.Simulator.PostAsJsonAsync("/simulator/payments",
                new { organizationFiscalCode = Platform.Ec, noticeNumber = paid.Nav, soapVersion = "V2" })).Content.ReadAsStringAsync())!;
            Assert.Equal("OK", (string?)payment["outcome"]);
            var gateway = web.Platform.Gateway;
            await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/reporting/organizations/{Platform.Ec}/reconciliation/payments/{paid.Iuv}")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(60), "Reporting has the receipt");
            await Eventually.TrueAsync(async () => (await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{paid.Iupd}")).Contains("\"PAID\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the position is paid");

            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "amministratore77");
            // The counts and the day's collections are shared per EC for a few seconds (ADR 0068, 0075): reloaded until
            // they include the payment and the two open positions.
            await Eventually.TrueAsync(async () =>
            {
                await page.ReloadAsync();
                return int.Parse((await page.Locator($"#count-VALID-{Platform.Ec}").InnerTextAsync()).Split(':')[1].Trim(), CultureInfo.InvariantCulture) >= 2
                       && (await page.Locator($"#collected-today-{Platform.Ec} .figure").InnerTextAsync()).Trim() != "€ 0,00";
            }, TimeSpan.FromSeconds(60), "the payment is collected today and at least the two open positions are counted");
            await Expect(page.Locator($"#anomalies-{Platform.Ec} .figure")).ToBeVisibleAsync();
            await Expect(page.Locator($"#failed-deliveries-{Platform.Ec} .figure")).ToBeVisibleAsync();
            await checks.CheckAsync(page, "home-figures");

            await page.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{paid.Iupd}");
            await Expect(page.Locator("#position-status")).ToContainTextAsync("PAID");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Azioni", Exact = true })).ToHaveCountAsync(0);
            await Expect(page.Locator("#receipts")).ToContainTextAsync(paid.Nav);
            // The receipts table fits its column: nothing (the PSP, the PDF link) is hidden behind a scroll bar.
            var overflow = await page.Locator("#receipts").EvaluateAsync<int>("t => t.parentElement.scrollWidth - t.parentElement.clientWidth");
            Assert.True(overflow <= 0, $"the receipts table is {overflow}px wider than its column");
            await Expect(page.Locator("#reconciliation")).ToContainTextAsync(paid.Iuv);
            await Expect(page.Locator("#reconciliation code").First).ToBeVisibleAsync();
            await Expect(page.Locator("#audit")).ToContainTextAsync("admin-77");
            await Expect(page.Locator("#audit")).ToContainTextAsync("publish");
            await checks.CheckAsync(page, "paid-position");

            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.Locator("#receipts").GetByRole(AriaRole.Link, new() { Name = "Ricevuta PDF" }).ClickAsync());
            var receipt = Path.Combine(checks.Folder, "ricevuta.pdf");
            await download.SaveAsAsync(receipt);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(receipt))[..4]));
        }, output);

    private static Task SearchAsync(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "Cerca", Exact = true }).ClickAsync();

    private static string Day(int fromToday) => DateTime.UtcNow.AddDays(fromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Created, then published in a second call (so the gateway's audit names the position), once the station knows
    // it.
    private async Task<(string Iupd, string Nav, string Iuv)> CreateAsync(string debtor, string prefix, string revenueType, int dueInDays, bool publish)
    {
        var gateway = web.Platform.Gateway;
        var iupd = prefix + Guid.NewGuid().ToString("N")[..10];
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions", new
        {
            iupd, type = "F", fiscalCode = debtor, fullName = "Laura Bianchi", companyName = "Comune di Prova", switchToExpired = false, revenueType,
            paymentOption = new[]
            {
                new
                {
                    amount = 4_200, description = revenueType + " 2026", isPartialPayment = false,
                    dueDate = DateTime.UtcNow.AddDays(dueInDays).ToString("yyyy-MM-dd'T'12:00:00'Z'", CultureInfo.InvariantCulture), fee = 0,
                    transfer = new[] { new { idTransfer = "1", amount = 4_200, remittanceInformation = revenueType + " 2026", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" } },
                },
            },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var option = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["paymentOption"]![0]!;
        var (nav, iuv) = ((string)option["nav"]!, (string)option["iuv"]!);
        if (publish)
        {
            var published = await gateway.PostAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}/publish", null);
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
            await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/node-adapter/organizations/{Platform.Ec}/notices/{nav}")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(60), "the station knows the notice");
        }
        return (iupd, nav, iuv);
    }
}
