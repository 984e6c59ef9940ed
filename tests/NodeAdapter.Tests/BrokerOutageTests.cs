using Contracts.NodeAdapter;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class BrokerOutageTests(BrokerOutageApp app) : IClassFixture<BrokerOutageApp>
{
    [Fact]
    public async Task With_RabbitMQ_unreachable_receipts_and_verifies_are_answered_and_every_receipt_is_published_once_the_broker_is_back()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri); // direct, not through the proxy
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var iuvs = Enumerable.Range(0, 20).Select(_ => Positions.NewIuv()).ToList();
        foreach (var iuv in iuvs) await bus.PublishAsync(Positions.Valid(iuv, 1_500));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>("SELECT count(*) FROM node_adapter.notices") == iuvs.Count,
            TimeSpan.FromSeconds(30), "read model fed");

        app.Proxy.Cut();
        foreach (var iuv in iuvs)
        {
            Assert.Equal("OK", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)))).Outcome);
            Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-outage-" + iuv, iuv, 1_500))).Outcome);
        }
        Assert.Equal(iuvs.Count, await app.Database.ScalarAsync<long>("SELECT count(*) FROM node_adapter.receipt_log"));
        // The relay has claimed the first receipts and waits on the broker with their rows locked: nothing leaves the
        // outbox before the broker has it, and every receipt waits there.
        await Eventually.TrueAsync(async () => await ClaimedByTheRelayAsync() > 0, TimeSpan.FromSeconds(30), "the relay holds receipts it cannot publish");
        Assert.Equal(iuvs.Count, await app.Database.ScalarAsync<long>("SELECT count(*) FROM node_adapter.outbox_messages"));
        Assert.DoesNotContain(published.Messages, r => r.ReceiptId.StartsWith("rcpt-outage-", StringComparison.Ordinal));

        app.Proxy.Restore();
        await Eventually.TrueAsync(() => Task.FromResult(iuvs.All(iuv => published.Messages.Any(r => r.ReceiptId == "rcpt-outage-" + iuv))),
            TimeSpan.FromSeconds(90), "every receipt published after the broker came back");
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>("SELECT count(*) FROM node_adapter.outbox_messages") == 0,
            TimeSpan.FromSeconds(30), "outbox drained");
        // Redeliveries after a broken publish keep their MessageId: consumers' inboxes absorb them.
        var ids = published.Messages.Zip(published.MessageIds).Where(m => m.First.ReceiptId.StartsWith("rcpt-outage-", StringComparison.Ordinal));
        Assert.Equal(iuvs.Count, ids.Select(m => m.Second).Distinct().Count());
    }

    // Outbox rows locked by a transaction (the relay's claim, FOR UPDATE) that has not ended.
    private async Task<long> ClaimedByTheRelayAsync() =>
        await app.Database.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM node_adapter.outbox_messages)
                 - (SELECT count(*) FROM (SELECT id FROM node_adapter.outbox_messages FOR UPDATE SKIP LOCKED) AS free)
            """);
}
