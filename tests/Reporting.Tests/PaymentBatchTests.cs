using Testing;
using Xunit;
using static Reporting.Tests.Samples;

namespace Reporting.Tests;

// Payments consumed in batches (ADR 0089) are stored and matched as they were one at a time.
[Collection(ReportingCollection.Name)]
public sealed class PaymentBatchTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private Task<long> Scalar(string sql) => app.Database.ScalarAsync<long>(sql);

    [Fact]
    public async Task Payments_and_their_copies_in_one_burst_are_stored_once_and_each_waiting_flow_row_is_matched_and_announced_once()
    {
        _ = app.Server; // boots the service: bus, consumers, outbox relay
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        const string flowId = "2026-11-20PSPSIM01-0000801";
        const int count = 24;
        var iuvs = Enumerable.Range(0, count).Select(i => $"0100000000008{i:0000}").ToList();
        // The flow comes first and reports the even payments: their rows wait for the receipts.
        var flowMessage = Guid.NewGuid();
        await bus.PublishAsync(Flow(flowId, 1, [.. Enumerable.Range(0, count).Where(i => i % 2 == 0)
            .Select((i, n) => Row(n + 1, iuvs[i], $"rcpt-pb-{i}", 1, 1_000 + i))]), flowMessage);
        Assert.Null(Assert.Single(await app.Deliveries.OfAsync(flowMessage)).Fault);

        var ids = iuvs.Select(_ => Guid.NewGuid()).ToList();
        var renamed = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var payment = Payment(iuvs[i], $"rcpt-pb-{i}", (1, 1_000 + i));
            await bus.PublishAsync(payment, ids[i]);
            if (i % 4 == 0) await bus.PublishAsync(payment, ids[i]); // a redelivered copy
            if (i % 4 == 1) { var id = Guid.NewGuid(); renamed.Add(id); await bus.PublishAsync(payment, id); } // the same payment again
        }
        for (var i = 0; i < count; i++) await app.Deliveries.OfAsync(ids[i], i % 4 == 0 ? 2 : 1);
        foreach (var id in renamed) await app.Deliveries.OfAsync(id);
        await reconciled.SettleAsync(app.Database);

        Assert.All(app.Deliveries.Done.Where(d => ids.Contains(d.MessageId ?? Guid.Empty) || renamed.Contains(d.MessageId ?? Guid.Empty)),
            d => Assert.Null(d.Fault));
        Assert.Equal(count, await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id LIKE 'rcpt-pb-%'"));
        Assert.Equal(count / 2, await Scalar($"SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id LIKE 'rcpt-pb-%' AND reconciled_flow_id = '{flowId}'"));
        // One announcement per payment and flow, each transfer announced once, exactly the even ones.
        var announced = reconciled.Seen.Where(m => m.FlowId == flowId).ToList();
        Assert.Equal(count / 2, announced.Count);
        Assert.All(announced, m => Assert.Single(m.Transfers));
        Assert.Equal(Enumerable.Range(0, count).Where(i => i % 2 == 0).Select(i => ($"rcpt-pb-{i}", 1_000L + i)),
            announced.Select(m => m.Transfers[0]).Select(t => (t.ReceiptId, t.AmountCents)).OrderBy(t => t.AmountCents));
        // Batches did happen: some inbox rows were written by one save.
        Assert.True(await Scalar($"""
            SELECT count(*) FROM (SELECT processed_at FROM reporting.inbox_messages WHERE message_id IN ({string.Join(',', ids.Select(id => $"'{id}'"))})
                                  GROUP BY processed_at HAVING count(*) > 1) b
            """) > 0, "no batch held more than one payment");
    }
}
