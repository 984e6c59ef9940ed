using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

/// <summary>
/// A traffic fine under the formal rule FINE-CDS, end to end: notified today, so the station asks the
/// reduced amount (70% of the sanction, costs in full), and the receipt, the position and the reconciliation
/// all carry that amount.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FinePaymentTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_fine_notified_today_is_paid_reduced_through_the_station_and_receipt_position_and_reconciliation_agree() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var gateway = platform.Gateway;
        var ec = Platform.Ec;
        var iupd = "FINE-" + Guid.NewGuid().ToString("N")[..12];
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Date);
        const long reduced = 2_940 + 1_250;   // 70% of 42.00 € + 12.50 € of costs

        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", Fine(iupd, today));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var position = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!;
        var nav = (string)position["paymentOption"]![0]!["nav"]!;
        var iuv = (string)position["paymentOption"]![0]!["iuv"]!;

        // The station answers the reduced amount once Actualisation's schedule has reached the NodeAdapter.
        await Eventually.TrueAsync(async () =>
        {
            var notice = await gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}");
            return notice.IsSuccessStatusCode && (long?)JsonNode.Parse(await notice.Content.ReadAsStringAsync())!["amountDueTodayCents"] == reduced;
        }, Settle, "the station knows the reduced amount");

        var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav, soapVersion = "V2" });
        var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        Assert.True(paid.IsSuccessStatusCode && (string?)payment["outcome"] == "OK", payment.ToJsonString());
        Assert.Equal(reduced, (long)payment["amountCents"]!);
        var receiptId = (string)payment["receiptId"]!;

        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/receipts/organizations/{ec}/receipts/{receiptId}")).IsSuccessStatusCode,
            Settle, "the receipt is in the legal archive");
        var receipt = System.Xml.Linq.XElement.Parse(await gateway.GetStringAsync($"/payments/{ec}/receipts/{iuv}"));
        Assert.Equal(41.90m, decimal.Parse(receipt.Descendants("paymentAmount").Single().Value, System.Globalization.CultureInfo.InvariantCulture));

        var flow = await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec });
        Assert.Equal(HttpStatusCode.Created, flow.StatusCode);
        var fdr = (string)JsonNode.Parse(await flow.Content.ReadAsStringAsync())!["fdr"]!;
        await Eventually.TrueAsync(async () => (string?)JsonNode.Parse(await gateway.GetStringAsync(
            $"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!["status"] == "REPORTED", Settle, "the position is REPORTED");
        var reported = JsonNode.Parse(await gateway.GetStringAsync($"/api/reporting/organizations/{ec}/flows/{fdr}"))!;
        var rows = Objects(reported).Where(o => (string?)o["iuv"] == iuv && o["amountCents"] is not null).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(reduced, rows.Sum(r => (long)r["amountCents"]!));
        Assert.All(rows, r => Assert.Null((string?)r["anomaly"]));
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static object Fine(string iupd, DateOnly notified) => new
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
                amount = 5_450,
                description = "Verbale CdS art. 7",
                isPartialPayment = false,
                dueDate = notified.AddDays(365).ToString("yyyy-MM-dd'T'23:59:59'Z'", System.Globalization.CultureInfo.InvariantCulture),
                notificationDate = notified.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                actualisationRule = "FINE-CDS",
                paymentOptionMetadata = new[] { new { key = "actualisation.X", value = "17300" } },
                transfer = new[]
                {
                    new { idTransfer = "1", amount = 4_200, remittanceInformation = "Sanzione", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" },
                    new { idTransfer = "2", amount = 1_250, remittanceInformation = "Spese di notifica", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" },
                },
            },
        },
    };
}
