using Contracts.NodeAdapter;
using Microsoft.Extensions.DependencyInjection;
using Receipts;
using Testing;
using Xunit;

namespace Receipts.Tests;

// Receipts consumed in batches, their webhooks written set-based (ADR 0063, ADR 0088, ADR 0089): what an EC and the
// other services see must be what one-at-a-time consumption gave.
public sealed class ReceiptBatchTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    private const string Organization = "55555555555";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Receipts_and_their_copies_are_archived_announced_and_queued_once_for_each_subscription_that_wants_them()
    {
        var deliveries = Deliveries.Attach(app.Services);
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var recorded = await Recorded.ObserveAsync(bus);
        var client = app.CreateClient();
        var (archivedOnly, _) = await SampleReceipts.SubscribeAsync(client, Organization, receiver.Url("/archived"));
        var (both, _) = await SampleReceipts.SubscribeAsync(client, Organization, receiver.Url("/both"), "receipt.archived", "position.status-changed");
        var (otherType, _) = await SampleReceipts.SubscribeAsync(client, Organization, receiver.Url("/flows"), "flow.reconciled");
        var (otherEc, _) = await SampleReceipts.SubscribeAsync(client, "55555555556", receiver.Url("/other-ec"));

        const int count = 30;
        var receipts = Enumerable.Range(0, count).Select(i => SampleReceipts.Receipt(Organization, $"rcpt-batch-{i}", $"0200000000000{i:0000}")).ToList();
        var ids = receipts.Select(_ => Guid.NewGuid()).ToList();
        // A burst with copies of the first ten (same message id) and of the next three under new message ids (the
        // natural key must hold), then copies of ten more once the burst is consumed.
        for (var i = 0; i < count; i++)
        {
            await bus.PublishAsync(receipts[i], ids[i]);
            if (i < 10) await bus.PublishAsync(receipts[i], ids[i]);
        }
        var renamed = Enumerable.Range(10, 3).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < renamed.Count; i++) await bus.PublishAsync(receipts[10 + i], renamed[i]);
        foreach (var (id, i) in ids.Select((id, i) => (id, i))) await deliveries.OfAsync(id, i < 10 ? 2 : 1);
        foreach (var id in renamed) await deliveries.OfAsync(id);
        for (var i = 10; i < 20; i++) await bus.PublishAsync(receipts[i], ids[i]);
        for (var i = 10; i < 20; i++) await deliveries.OfAsync(ids[i], 2);

        await recorded.SettleAsync(app.Database, ReceiptsDb.Schema);
        var queue = deliveries.Done.First(d => d.MessageId == ids[0]).Queue;
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, queue);
        Assert.All(receipts, r => Assert.Single(recorded.Seen, p => p.ReceiptId == r.ReceiptId));
        Assert.Equal(count, await app.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT receipt_id) FROM receipts.receipts WHERE organization_fiscal_code = '{Organization}' AND receipt_id LIKE 'rcpt-batch-%'"));
        Assert.Equal(count, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM receipts.receipts WHERE organization_fiscal_code = '{Organization}' AND receipt_id LIKE 'rcpt-batch-%'"));
        // Batches did happen: some inbox rows were written by one save (one batch, one timestamp).
        Assert.True(await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM (SELECT processed_at FROM receipts.inbox_messages WHERE message_id IN ({string.Join(',', ids.Select(id => $"'{id}'"))}) GROUP BY processed_at HAVING count(*) > 1) b") > 0,
            "no batch held more than one receipt");

        // One event per receipt, one delivery of it per subscription that wants receipt.archived, none for the others.
        Assert.Equal(count, await DeliveriesOfAsync(archivedOnly));
        Assert.Equal(count, await DeliveriesOfAsync(both));
        Assert.Equal(0, await DeliveriesOfAsync(otherType));
        Assert.Equal(0, await DeliveriesOfAsync(otherEc));
        Assert.Equal(count, await app.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT event_id) FROM receipts.webhook_deliveries WHERE subscription_id IN ('{archivedOnly}', '{both}')"));
        Assert.Equal(count, await app.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT (body::json ->> 'subject', body::json ->> 'id', event_id::text)) FROM receipts.webhook_deliveries WHERE subscription_id IN ('{archivedOnly}', '{both}') AND body::json ->> 'id' = event_id::text"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/archived").Select(w => w.Id).Distinct().Count() == count
                                                         && receiver.At("/both").Select(w => w.Id).Distinct().Count() == count), Wait, "every webhook arrived");
        Assert.Equal(receiver.At("/archived").Select(w => w.Id).Order(), receiver.At("/both").Select(w => w.Id).Order());
    }

    private Task<long> DeliveriesOfAsync(Guid subscription) =>
        app.Database.ScalarAsync<long>($"SELECT count(*) FROM receipts.webhook_deliveries WHERE subscription_id = '{subscription}'");
}

// The deliveries of a save commit with it, or not at all; their commit wakes the sender.
public sealed class WebhookQueueTests(SlowPollApp app) : IClassFixture<SlowPollApp>
{
    private const string Organization = "55555555557";

    [Fact]
    public async Task A_failed_save_writes_no_delivery_and_a_committed_one_writes_them_and_wakes_the_sender_without_its_poll()
    {
        await using var receiver = await TestReceiver.StartAsync();
        _ = app.Server;
        var (subscription, _) = await SampleReceipts.SubscribeAsync(app.CreateClient(), Organization, receiver.Url("/queued"));
        var receipt = SampleReceipts.Receipt(Organization, "rcpt-queue-1", "02000000000009999");

        // The same receipt added twice in one unit of work: the save breaks the archive's unique key.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReceiptsDb>();
            await ReceiptArchive.AddAsync(db, receipt, TimeProvider.System, CancellationToken.None);
            await ReceiptArchive.AddAsync(db, receipt, TimeProvider.System, CancellationToken.None);
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        }
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM receipts.webhook_deliveries WHERE subscription_id = '{subscription}'"));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM receipts.receipts WHERE receipt_id = 'rcpt-queue-1'"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReceiptsDb>();
            await ReceiptArchive.AddAsync(db, receipt, TimeProvider.System, CancellationToken.None);
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM receipts.receipts WHERE receipt_id = 'rcpt-queue-1'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM receipts.webhook_deliveries WHERE subscription_id = '{subscription}'"));
        // The safety poll is ten minutes: only the commit can have woken the sender.
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/queued").Count == 1), TimeSpan.FromSeconds(30), "the webhook arrived");
        Assert.Contains("rcpt-queue-1", receiver.At("/queued")[0].Body, StringComparison.Ordinal);
        // The outcome and its attempt are one statement: both or neither.
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT d.status FROM receipts.webhook_deliveries d JOIN receipts.webhook_attempts a ON a.delivery_id = d.id WHERE d.subscription_id = '{subscription}'") == "delivered",
            TimeSpan.FromSeconds(30), "the delivery and its attempt recorded");
    }
}
