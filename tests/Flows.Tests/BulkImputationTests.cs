using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Issue 15, ADR 0029: a position created by a bulk import keeps its transfer's budget chapter and assessment all the
// way to the accounting export once it is paid and reported. They reach Reporting in the import's chunk and again in
// the paid position's own event; Reporting.Tests checks the chunk alone.
[Collection(PlatformCollection.Name)]
public sealed class BulkImputationTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_position_imported_in_bulk_is_exported_with_its_chapter_and_assessment_once_paid_and_reported() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var (gateway, ec) = (platform.Gateway, Platform.Ec);
        var iupd = "BULKCAP-" + Guid.NewGuid().ToString("N")[..12];
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var file = System.Text.Json.JsonSerializer.Serialize(new { paymentPositions = new[] { Position(iupd) } });
        var uploaded = await gateway.PostAsync($"/api/debt-positions/v1/organizations/{ec}/imports?toPublish=true", new StringContent(file, Encoding.UTF8, "application/json"));
        Assert.True(uploaded.StatusCode == HttpStatusCode.Accepted, await uploaded.Content.ReadAsStringAsync());
        var importId = (string)JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["id"]!;
        await Eventually.TrueAsync(async () => (string?)JsonNode.Parse(await gateway.GetStringAsync(
            $"/api/debt-positions/v1/organizations/{ec}/imports/{importId}"))!["status"] == "COMPLETED", Settle, "the import completed");

        var option = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!["paymentOption"]![0]!;
        var (nav, iuv) = ((string)option["nav"]!, (string)option["iuv"]!);
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}")).IsSuccessStatusCode,
            Settle, "the station knows the notice");
        var paid = JsonNode.Parse(await (await platform.Simulator.PostAsJsonAsync("/simulator/payments",
            new { organizationFiscalCode = ec, noticeNumber = nav, soapVersion = "V2" })).Content.ReadAsStringAsync())!;
        Assert.Equal("OK", (string?)paid["outcome"]);
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/reporting/organizations/{ec}/reconciliation/payments/{iuv}")).IsSuccessStatusCode,
            Settle, "Reporting has the receipt");
        var fdr = (string)JsonNode.Parse(await (await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec }))
            .Content.ReadAsStringAsync())!["fdr"]!;
        await Eventually.TrueAsync(async () => (string?)JsonNode.Parse(await gateway.GetStringAsync(
            $"/api/reporting/organizations/{ec}/reconciliation/payments/{iuv}"))!["state"] == "reported", Settle, "the payment is reported");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = await gateway.GetStringAsync(
            $"/api/reporting/organizations/{ec}/reconciliation/exports/accounting?from={today.AddDays(-2):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&chapter=CAP-BULK-77");
        var row = Assert.Single(csv.TrimEnd('\n').Split('\n').Skip(1), l => l.Contains(iuv, StringComparison.Ordinal));
        Assert.Contains($";CAP-BULK-77;ACC-BULK-2026;{iupd};{fdr};", row, StringComparison.Ordinal);
    }

    private static object Position(string iupd) => new
    {
        iupd,
        type = "F",
        fiscalCode = "RSSMRA80A01H501U",
        fullName = "Mario Rossi",
        companyName = "Comune di Demo",
        switchToExpired = false,
        paymentOption = new[]
        {
            new
            {
                amount = 3_377,
                description = "Canone occupazione suolo pubblico",
                isPartialPayment = false,
                dueDate = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'23:59:59'Z'", System.Globalization.CultureInfo.InvariantCulture),
                transfer = new[]
                {
                    new
                    {
                        idTransfer = "1", amount = 3_377, remittanceInformation = "COSAP", category = "9/0101108TS/",
                        iban = "IT60X0542811101000000123456", accountingChapter = "CAP-BULK-77", accountingAssessment = "ACC-BULK-2026",
                    },
                },
            },
        },
    };
}
