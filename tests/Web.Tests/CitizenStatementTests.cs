using System.Diagnostics;
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

// The citizen signed in with SPID/CIE, played in the local run by the Web app's stand-in page: their statement across
// both ECs and their revenues (overdue, to pay, paid), a notice PDF, the way to pay, and sign-out. The stand-in
// itself is refused in the Production environment.
[Collection(WebCollection.Name)]
public sealed class CitizenStatementTests(WebPlatform web, ITestOutputHelper output)
{
    // A debtor of these tests only: their statement holds exactly the positions seeded here.
    private const string Citizen = "NREPLA90D10F839N";

    static CitizenStatementTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_citizen_signed_in_with_the_local_spid_stand_in_sees_overdue_open_and_paid_notices_of_both_ECs_with_their_due_dates_downloads_a_notice_and_a_receipt_and_signs_out() =>
        await web.RunAsync(nameof(A_citizen_signed_in_with_the_local_spid_stand_in_sees_overdue_open_and_paid_notices_of_both_ECs_with_their_due_dates_downloads_a_notice_and_a_receipt_and_signs_out), async checks =>
        {
            var admin77 = web.Platform.Gateway;
            using var admin88 = web.Platform.ClientWithKey(web.Platform.Key("admin-88"));
            await CreateAsync(admin77, Platform.Ec, "Mensa scolastica", "MENSA");
            var overdue = await CreateAsync(admin77, Platform.Ec, "Canone unico", "CUP");
            var paid = await CreateAsync(admin77, Platform.Ec, "TARI 2026", "TARI");
            await CreateAsync(admin88, Platform.OtherEc, "Trasporto scolastico", "TRASPORTO");
            // Time passes for one notice: its due date moves into the past, as the calendar would have moved it.
            await web.Platform.Database.ExecuteAsync(
                $"UPDATE debt_positions.payment_options SET due_date = now() - interval '3 days' WHERE organization_fiscal_code = '{Platform.Ec}' AND iuv = '{overdue.Iuv}'");
            var payment = JsonNode.Parse(await (await web.Platform.Simulator.PostAsJsonAsync("/simulator/payments",
                new { organizationFiscalCode = Platform.Ec, noticeNumber = paid.Nav, soapVersion = "V2" })).Content.ReadAsStringAsync())!;
            Assert.Equal("OK", (string?)payment["outcome"]);
            await Eventually.TrueAsync(async () => (await admin77.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{paid.Iupd}")).Contains("\"PAID\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the position is paid");

            var page = await checks.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Accedi con SPID o CIE" }).ClickAsync();
            await checks.CheckAsync(page, "citizen-sign-in");
            await page.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/idp-locale?metodo=spid");
            await Expect(page.Locator("#local-idp-warning")).ToContainTextAsync("Ambiente di prova");
            await page.FillAsync("#fiscal-code", Citizen.ToLowerInvariant());
            await page.FillAsync("#full-name", "Paola Neri");
            await checks.CheckAsync(page, "local-identity-provider");
            await page.GetByRole(AriaRole.Button, new() { Name = "Autorizza l'accesso" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/estratto");
            Assert.DoesNotContain(Citizen, page.Url, StringComparison.OrdinalIgnoreCase);

            await Expect(page.Locator("#citizen")).ToHaveTextAsync("Paola Neri");
            await Expect(page.Locator($"#overdue-{Platform.Ec}")).ToContainTextAsync("Canone unico");
            await Expect(page.Locator($"#open-{Platform.Ec}")).ToContainTextAsync("Mensa scolastica");
            await Expect(page.Locator($"#open-{Platform.Ec}")).Not.ToContainTextAsync("Canone unico");
            await Expect(page.Locator($"#paid-{Platform.Ec}")).ToContainTextAsync("TARI 2026");
            await Expect(page.Locator($"#open-{Platform.OtherEc}")).ToContainTextAsync("Trasporto scolastico");
            // The overdue notice shows the day it was due (three days ago, in Rome), not a dash.
            var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
            var dueDay = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-3), rome).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            await Expect(page.Locator($"#overdue-{Platform.Ec} .due-date")).ToHaveTextAsync(dueDay);
            await checks.CheckAsync(page, "citizen-statement");

            // The paid notice offers its receipt.
            var receiptDownload = await page.RunAndWaitForDownloadAsync(() =>
                page.Locator($"#paid-{Platform.Ec}").GetByRole(AriaRole.Link, new() { Name = "Ricevuta PDF" }).ClickAsync());
            var receipt = Path.Combine(checks.Folder, "ricevuta.pdf");
            await receiptDownload.SaveAsAsync(receipt);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(receipt))[..4]));

            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.Locator($"#open-{Platform.Ec}").GetByRole(AriaRole.Link, new() { Name = "Avviso PDF" }).First.ClickAsync());
            var notice = Path.Combine(checks.Folder, "avviso.pdf");
            await download.SaveAsAsync(notice);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(notice))[..4]));

            // To pay: the notice's own page, with the checkout button, as after a lookup.
            await page.Locator($"#open-{Platform.OtherEc}").GetByRole(AriaRole.Button, new() { Name = "Vedi e paga" }).ClickAsync();
            await page.WaitForURLAsync("**/portale/avviso");
            await Expect(page.Locator("#instalment-0 .instalment-status")).ToHaveTextAsync("Da pagare");
            await Expect(page.Locator("#instalment-0").GetByRole(AriaRole.Button, new() { Name = "Paga con pagoPA" })).ToBeVisibleAsync();
            await checks.CheckAsync(page, "citizen-pays-from-statement");

            // Sign-out ends the SPID/CIE session too: the statement asks to sign in again.
            await page.GotoAsync("/portale/estratto");
            await page.GetByRole(AriaRole.Button, new() { Name = "Esci" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(web.Site, "/").ToString());
            await page.GotoAsync("/portale/estratto");
            await page.WaitForURLAsync("**/portale/accedi**");
        }, output);

    [Fact]
    public async Task The_local_identity_provider_is_refused_at_start_up_in_the_Production_environment()
    {
        var environment = web.WebEnvironmentWith(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });
        var info = new ProcessStartInfo("dotnet", [WebPlatform.WebDll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var printed = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the Web app started in Production with the local identity provider enabled");
        }
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("refused in the Production environment", string.Concat(await printed), StringComparison.Ordinal);
    }

    private static async Task<(string Iupd, string Nav, string Iuv)> CreateAsync(HttpClient admin, string ec, string description, string revenueType)
    {
        var iupd = "WEB-CIT-" + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", new
        {
            iupd, type = "F", fiscalCode = Citizen, fullName = "Paola Neri", companyName = "Comune", switchToExpired = false, revenueType,
            paymentOption = new[]
            {
                new
                {
                    amount = 2_500, description, isPartialPayment = false,
                    dueDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'12:00:00'Z'", CultureInfo.InvariantCulture), fee = 0,
                    transfer = new[] { new { idTransfer = "1", amount = 2_500, remittanceInformation = description, category = "9/0101108TS/", iban = "IT60X0542811101000000123456" } },
                },
            },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var option = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["paymentOption"]![0]!;
        var (nav, iuv) = ((string)option["nav"]!, (string)option["iuv"]!);
        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the station knows the notice");
        return (iupd, nav, iuv);
    }
}
