using NodeAdapter.Station;
using Contracts.NodeAdapter;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// "Once answered, a payment can no longer be lost" (Station/SendReceipt.cs), with the database write failing for real
// (a PostgreSQL trigger raising inside the receipt's transaction) and with a receipt racing its own duplicate.
public sealed class ReceiptGuaranteeTests(ReceiptFaultsApp app) : IClassFixture<ReceiptFaultsApp>
{
    [Theory]
    [InlineData("paSendRT")]
    [InlineData("paSendRTV2")]
    public async Task A_receipt_whose_database_write_fails_is_answered_PAA_SYSTEM_ERROR_and_publishes_nothing_and_after_recovery_is_answered_OK_exactly_once(
        string action)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var events = await ReceiptEvent.ObserveAsync(bus);
        var iuv = Positions.NewIuv();
        var receiptId = $"rcpt-dbfail-{action}-{iuv}";
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 4_200));
        await ReceiptWriteFaults.FailReceiptLogAsync(app.Database, receiptId);

        Soap.AssertFault(await SendAsync(client, action, receiptId, iuv, 4_200), Faults.SystemError);

        Assert.Equal(0, await StoredAsync(receiptId));
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM node_adapter.outbox_messages WHERE body::text LIKE '%{receiptId}%'"));
        Assert.Equal("OK", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)))).Outcome);
        await events.SettleAsync(app.Database, "node_adapter");
        Assert.DoesNotContain(events.Seen, r => r.ReceiptId == receiptId);

        await ReceiptWriteFaults.RecoverAsync(app.Database, receiptId);
        var retried = await SendAsync(client, action, receiptId, iuv, 4_200);
        var resent = await SendAsync(client, action, receiptId, iuv, 4_200);

        Assert.Equal("OK", retried.Outcome);
        Soap.AssertFault(resent, Faults.ReceiptDuplicated);
        Assert.Equal(1, await StoredAsync(receiptId));
        await events.SettleAsync(app.Database, "node_adapter");
        var published = Assert.Single(events.Seen, r => r.ReceiptId == receiptId);
        Assert.Equal((iuv, 4_200L, action == "paSendRT" ? "V1" : "V2", (string?)null),
            (published.Iuv, published.AmountCents, published.SoapVersion, published.Anomaly));
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))), Faults.PaymentDuplicated);
    }

    [Fact]
    public async Task A_receipt_whose_event_cannot_be_written_to_the_outbox_is_not_stored_either_and_is_answered_PAA_SYSTEM_ERROR()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var events = await ReceiptEvent.ObserveAsync(bus);
        var iuv = Positions.NewIuv();
        var receiptId = "rcpt-outboxfail-" + iuv;
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 3_100));
        await ReceiptWriteFaults.FailOutboxAsync(app.Database, receiptId);

        Soap.AssertFault(await SendAsync(client, "paSendRTV2", receiptId, iuv, 3_100), Faults.SystemError);

        // A receipt stored without its event would never reach Receipts, and the Node, told KO, would not care.
        Assert.Equal(0, await StoredAsync(receiptId));
        await ReceiptWriteFaults.RecoverAsync(app.Database, receiptId);
        Assert.Equal("OK", (await SendAsync(client, "paSendRTV2", receiptId, iuv, 3_100)).Outcome);
        await events.SettleAsync(app.Database, "node_adapter");
        Assert.Single(events.Seen, r => r.ReceiptId == receiptId);
        Assert.Equal(1, await StoredAsync(receiptId));
    }

    [Theory]
    [InlineData("paSendRT")]
    [InlineData("paSendRTV2")]
    public async Task A_receipt_racing_its_own_duplicate_is_stored_and_published_once_and_the_other_delivery_is_answered_PAA_RECEIPT_DUPLICATA(
        string action)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var events = await ReceiptEvent.ObserveAsync(bus);
        var iuv = Positions.NewIuv();
        var receiptId = $"rcpt-race-{action}-{iuv}";
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 7_700));

        Task<SoapAnswer>[] deliveries;
        await using (var gate = await ReceiptWriteFaults.CloseGateAsync(app.Database))
        {
            // Both deliveries pass the "already received?" check and wait at their insert: the race is certain, not likely.
            deliveries = [SendAsync(client, action, receiptId, iuv, 7_700), SendAsync(client, action, receiptId, iuv, 7_700)];
            await Eventually.TrueAsync(async () => await gate.WaitingAsync() == 2, TimeSpan.FromSeconds(20), "both deliveries at the insert");
            await gate.OpenAsync();
            await Task.WhenAll(deliveries);
        }

        var answers = deliveries.Select(d => d.Result).ToList();
        Assert.Single(answers, a => a.Outcome == "OK");
        Soap.AssertFault(Assert.Single(answers, a => a.Outcome == "KO"), Faults.ReceiptDuplicated);
        Assert.Equal(1, await StoredAsync(receiptId));
        await events.SettleAsync(app.Database, "node_adapter");
        Assert.Single(events.Seen, r => r.ReceiptId == receiptId);
    }

    private static Task<SoapAnswer> SendAsync(HttpClient client, string action, string receiptId, string iuv, long cents)
    {
        var v2 = Soap.SendRTV2(receiptId, iuv, cents);
        // The V2 receipt above uses only elements V1 shares, in the same order: only the wrapper differs.
        return Soap.PostAsync(client, action, action == "paSendRT" ? v2.Replace("paSendRTV2Request", "paSendRTReq", StringComparison.Ordinal) : v2);
    }

    private Task<long> StoredAsync(string receiptId) =>
        app.Database.ScalarAsync<long>($"SELECT count(*) FROM node_adapter.receipt_log WHERE receipt_id = '{receiptId}'");
}

// The station's ReceiptReceived events, with a marker of our own that no receipt can be mistaken for.
internal static class ReceiptEvent
{
    private const string MarkerPrefix = "marker-";

    public static Task<EveryEvent<ReceiptReceived>> ObserveAsync(TestBus bus) => EveryEvent<ReceiptReceived>.StartAsync(bus,
        id => new ReceiptReceived("", MarkerPrefix + id.ToString("N"), "", "", "OK", 0, "", "", "", "", null, "", "", "", null, null,
            DateTimeOffset.UtcNow, null, null, false, [], null, "V2", DateTimeOffset.UtcNow),
        r => r.ReceiptId.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(r.ReceiptId[MarkerPrefix.Length..], "N") : null);
}
