using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Issue 14, self-healing receipts: a payment whose receipt never reached the station (the Node's paSendRT met an
// outage) is reported by the PSP's flow, flagged missing-receipt, fetched from pagoPA's biz-events (the simulator's),
// archived once, and from there flows on as if the Node had sent it: PAID, reconciled, REPORTED, webhooks.
[Collection(PlatformCollection.Name)]
public sealed class ReceiptRecoveryTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);
    // A PSP of its own: the flow it publishes reports this test's payment and nothing of the other scenarios.
    private const string Psp = "PSPRECOV1";

    [Fact]
    public async Task A_receipt_lost_before_the_station_is_recovered_from_biz_events_once_and_the_position_ends_paid_reported_and_reconciled() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var (gateway, ec) = (platform.Gateway, Platform.Ec);
        var iupd = "RECOV-" + Guid.NewGuid().ToString("N")[..12];
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", SamplePositions.SinglePayment(iupd));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var position = await GetPositionAsync(iupd);
        var nav = (string)position["paymentOption"]![0]!["nav"]!;
        var iuv = (string)position["paymentOption"]![0]!["iuv"]!;
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}")).IsSuccessStatusCode,
            Settle, "the NodeAdapter's read model has the notice");

        // The municipality listens for anomalies and archived receipts; its receiver is played by the simulator.
        var receiver = $"/simulator/webhooks/recovery-{iupd}";
        var subscribed = await gateway.PostAsJsonAsync($"/api/receipts/organizations/{ec}/webhooks", new
        {
            targetUrl = new Uri(platform.AddressOf("NodeSimulator"), receiver).AbsoluteUri,
            eventTypes = new[] { "reconciliation.anomaly", "receipt.archived" },
        });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = JsonNode.Parse(await subscribed.Content.ReadAsStringAsync())!;
        var subscriptionId = (string)subscription["subscription"]!["id"]!;
        (await platform.Simulator.PutAsJsonAsync(receiver + "/secret", new { secret = (string)subscription["secret"]! })).EnsureSuccessStatusCode();

        try
        {
            // 1. The Node collects the payment, but its receipt never reaches the station.
            var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments",
                new { organizationFiscalCode = ec, noticeNumber = nav, pspId = Psp, receiptLost = true });
            var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
            Assert.True(paid.IsSuccessStatusCode && (string?)payment["outcome"] == "OK", payment.ToJsonString());
            Assert.Equal("PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE", (string?)payment["steps"]![2]!["faultCode"]);
            var receiptId = (string)payment["receiptId"]!;
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync($"/api/receipts/organizations/{ec}/receipts/{receiptId}")).StatusCode);
            Assert.Equal("VALID", (string?)(await GetPositionAsync(iupd))["status"]);

            // 2. The PSP reports it: Reporting finds no receipt, Receipts fetches it from biz-events.
            var flow = await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec, pspId = Psp });
            Assert.Equal(HttpStatusCode.Created, flow.StatusCode);
            var fdr = (string)JsonNode.Parse(await flow.Content.ReadAsStringAsync())!["fdr"]!;

            await Eventually.TrueAsync(async () => (string?)(await GetPositionAsync(iupd))["status"] == "REPORTED", Settle,
                "the position is REPORTED after its receipt was recovered");

            // 3. Archived once, with the Node's data.
            var receipts = JsonNode.Parse(await gateway.GetStringAsync($"/api/receipts/organizations/{ec}/receipts?iuv={iuv}"))!.AsArray();
            var archived = Assert.Single(receipts)!;
            Assert.Equal((receiptId, nav, 12_050L, Psp), ((string)archived["receiptId"]!, (string)archived["noticeNumber"]!,
                (long)archived["amountCents"]!, (string)archived["pspId"]!));
            Assert.Equal("RSSMRA80A01H501U", (string?)archived["receipt"]!["debtorFiscalCode"]);
            Assert.Equal("IT60X0542811101000000123456", (string?)archived["receipt"]!["transfers"]![0]!["iban"]);

            // 4. The recovery says what it did, and it called biz-events exactly once.
            var recoveries = JsonNode.Parse(await gateway.GetStringAsync($"/api/receipts/organizations/{ec}/recoveries?iuv={iuv}"))!.AsArray();
            var recovery = Assert.Single(recoveries)!;
            Assert.Equal(("recovered", 1, fdr, "missing-receipt", receiptId), ((string)recovery["status"]!, (int)recovery["attempts"]!,
                (string)recovery["flowId"]!, (string)recovery["anomaly"]!, (string)recovery["iur"]!));
            var detail = JsonNode.Parse(await gateway.GetStringAsync($"/api/receipts/organizations/{ec}/recoveries/{(string)recovery["id"]!}"))!;
            Assert.Equal(200, (int)Assert.Single(detail["calls"]!.AsArray())!["statusCode"]!);
            var calls = JsonNode.Parse(await platform.Simulator.GetStringAsync("/simulator/biz-events/calls"))!.AsArray()
                .Where(c => (string?)c!["iur"] == receiptId).ToList();
            Assert.Equal(("flows-tests", iuv), ((string)Assert.Single(calls)!["subscription"]!, (string)calls[0]!["iuv"]!));

            // 5. Reconciliation: the flow's row is matched and no anomaly is left on it.
            var row = JsonNode.Parse(await gateway.GetStringAsync($"/api/reporting/organizations/{ec}/flows/{fdr}"))!["rows"]!.AsArray()
                .Single(r => (string?)r!["iuv"] == iuv)!;
            Assert.Equal(("matched", null), ((string?)row["matchStatus"], (string?)row["anomaly"]));
            Assert.Empty(JsonNode.Parse(await gateway.GetStringAsync($"/api/reporting/organizations/{ec}/anomalies?flowId={fdr}"))!.AsArray());

            // 6. The municipality saw both: the anomaly when the flow came, then the recovered receipt, signed.
            await Eventually.TrueAsync(async () =>
            {
                var got = JsonNode.Parse(await platform.Simulator.GetStringAsync(receiver))!.AsArray();
                return got.Any(w => (string?)w!["type"] == "reconciliation.anomaly" && (string?)w["subject"] == fdr && (bool)w["signatureVerified"]!)
                       && got.Any(w => (string?)w!["type"] == "receipt.archived" && (string?)w["subject"] == receiptId && (bool)w["signatureVerified"]!);
            }, Settle, "the anomaly and the recovered receipt reached the municipality's receiver");
            var deliveries = JsonNode.Parse(await gateway.GetStringAsync($"/api/receipts/organizations/{ec}/webhooks/{subscriptionId}/deliveries"))!.AsArray();
            var bodies = new List<string>();
            foreach (var d in deliveries.Where(d => (string?)d!["eventType"] == "receipt.archived"))
                bodies.Add((string)JsonNode.Parse(await gateway.GetStringAsync(
                    $"/api/receipts/organizations/{ec}/webhooks/{subscriptionId}/deliveries/{(string)d!["id"]!}"))!["body"]!);
            Assert.Contains("\"recovered\":true", Assert.Single(bodies, b => b.Contains(receiptId, StringComparison.Ordinal)), StringComparison.Ordinal);
        }
        finally
        {
            await gateway.DeleteAsync($"/api/receipts/organizations/{ec}/webhooks/{subscriptionId}");
        }
    }

    private async Task<JsonNode> GetPositionAsync(string iupd) =>
        JsonNode.Parse(await platform.Gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}"))!;
}
