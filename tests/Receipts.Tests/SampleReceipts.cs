using System.Net.Http.Json;
using System.Text.Json;
using Contracts.NodeAdapter;
using Testing;

namespace Receipts.Tests;

internal static class SampleReceipts
{
    public static ReceiptReceived Receipt(string organization, string receiptId, string iuv, string debtor = "RSSMRA80A01H501U") => new(
        organization, receiptId, "3" + iuv, iuv, "OK", 12_050, "TARI 2026 prima rata", "Comune di Test", debtor,
        "Mario Rossi", "VRDLGU75B02F205X", "PSPTEST01", "PSP Test S.p.A.", "PSPTEST01_01", "PO", 150,
        new DateTimeOffset(2026, 11, 20, 10, 15, 30, TimeSpan.FromHours(1)), new DateOnly(2026, 11, 20), null, false,
        [
            new ReceiptTransfer(1, 10_000, organization, "IT60X0542811101000000123456", "TARI quota comunale", "9/0101108TS/", false),
            new ReceiptTransfer(2, 2_050, "80000000001", "IT02A0301503200000003517230", "TEFA quota provinciale", "9/0101108TS/", false),
        ],
        null, "V2", DateTimeOffset.UtcNow,
        $"<paf:paSendRTV2Req xmlns:paf=\"http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd\"><idPA>{organization}</idPA><receipt><receiptId>{receiptId}</receiptId><creditorReferenceId>{iuv}</creditorReferenceId></receipt></paf:paSendRTV2Req>");

    // Creates a subscription through the API; returns its id and the secret shown once.
    public static async Task<(Guid Id, string Secret)> SubscribeAsync(HttpClient client, string organization, string targetUrl, params string[] eventTypes)
    {
        var response = await client.PostAsJsonAsync($"/api/receipts/organizations/{organization}/webhooks",
            new { targetUrl, eventTypes = eventTypes.Length == 0 ? ["receipt.archived"] : eventTypes });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"subscription refused: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("subscription").GetProperty("id").GetGuid(), json.GetProperty("secret").GetString()!);
    }

    public static async Task<TestBus> BusAsync(ServiceFactory<Program> app)
    {
        _ = app.Server; // boots the service: bus, consumers, outbox relay, sweeper
        return await TestBus.StartAsync(app.VirtualHost.AmqpUri);
    }
}
