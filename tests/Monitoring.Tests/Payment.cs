using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flows.Tests;
using Testing;

namespace Monitoring.Tests;

// The first payment of Flows.Tests, as traffic for the dashboards: a position created and published, paid through the
// Node (verify, activate, receipt), paid again (refused), reported in a PSP's flow and reconciled.
internal static class Payment
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(Platform platform)
    {
        var gateway = platform.Gateway;
        var ec = Platform.Ec;
        var iupd = "MON-" + Guid.NewGuid().ToString("N")[..12];
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", SamplePositions.SinglePayment(iupd));
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await created.Content.ReadAsStringAsync());
        var nav = (string)(await PositionAsync(gateway, iupd))["paymentOption"]![0]!["nav"]!;
        await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}"),
            Settle, "the NodeAdapter's read model has the notice");

        var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav, soapVersion = "V2" });
        var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        if (!paid.IsSuccessStatusCode || (string?)payment["outcome"] != "OK") throw new InvalidOperationException(payment.ToJsonString());
        var receiptId = (string)payment["receiptId"]!;
        await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/receipts/organizations/{ec}/receipts/{receiptId}"),
            Settle, "the receipt is in the legal archive");
        await Eventually.TrueAsync(async () => (string?)(await PositionAsync(gateway, iupd))["status"] == "PAID", Settle, "the position is PAID");

        // Paid again: the station answers a fault, so the fault-code panels have a code to show.
        await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav });

        var flow = await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec });
        if (flow.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await flow.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(async () => (string?)(await PositionAsync(gateway, iupd))["status"] == "REPORTED", Settle, "the position is REPORTED");
    }

    private static async Task<JsonNode> PositionAsync(HttpClient gateway, string iupd) =>
        JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}"))!;
}
