using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Reporting;
using Testing;
using Xunit;
using static Reporting.Tests.Samples;

namespace Reporting.Tests;

[Collection(ReportingCollection.Name)]
public sealed class ReconciliationTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private Task<long> Scalar(string sql) => app.Database.ScalarAsync<long>(sql);

    [Fact]
    public async Task A_flow_that_arrives_before_the_receipt_is_matched_when_the_receipt_arrives()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        _ = app.Server;

        await bus.PublishAsync(Flow("2026-11-20PSPSIM01-0000101", 1, Row(1, "01000000000001001", "rcpt-ff-1", 1, 10_050), Row(2, "01000000000001001", "rcpt-ff-1", 2, 2_000)));
        await Eventually.TrueAsync(async () => await Scalar("SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '2026-11-20PSPSIM01-0000101' AND anomaly = 'missing-receipt'") == 2,
            TimeSpan.FromSeconds(20), "rows stored as missing receipt");
        await bus.PublishAsync(Payment("01000000000001001", "rcpt-ff-1", (1, 10_050), (2, 2_000)));

        var message = await reconciled.WaitForAsync(m => m.FlowId == "2026-11-20PSPSIM01-0000101");
        Assert.Equal(new[] { (1, 10_050L), (2, 2_000L) }, message.Transfers.Select(t => (t.IdTransfer, t.AmountCents)).OrderBy(t => t.IdTransfer));
        Assert.All(message.Transfers, t => Assert.Equal(new DateOnly(2026, 11, 20), t.RegulationDate));
        Assert.Equal(2, await Scalar("SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '2026-11-20PSPSIM01-0000101' AND match_status = 'matched' AND anomaly IS NULL"));
    }

    [Fact]
    public async Task A_receipt_that_arrives_before_the_flow_is_matched_when_the_flow_arrives_and_announced_only_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        _ = app.Server;
        const string flowId = "2026-11-20PSPSIM01-0000102";
        var payment = Payment("01000000000001002", "rcpt-rf-1", (1, 5_000));

        var (firstId, secondId) = (Guid.NewGuid(), Guid.NewGuid());
        await bus.PublishAsync(payment, firstId);
        await bus.PublishAsync(payment, secondId);   // the same payment under a new message id
        await Eventually.TrueAsync(async () => await Scalar(
            $"SELECT count(*) FROM reporting.inbox_messages WHERE message_id IN ('{firstId}', '{secondId}')") == 2, TimeSpan.FromSeconds(20), "both processed");
        var flow = Flow(flowId, 1, Row(1, "01000000000001002", "rcpt-rf-1", 1, 5_000));
        var (flowMessageId, downloadedAgainId) = (Guid.NewGuid(), Guid.NewGuid());
        await bus.PublishAsync(flow, flowMessageId);
        await bus.PublishAsync(flow, flowMessageId);     // redelivery
        await bus.PublishAsync(flow, downloadedAgainId); // same revision downloaded again

        await app.Deliveries.OfAsync(flowMessageId, 2);
        await app.Deliveries.OfAsync(downloadedAgainId);
        await reconciled.SettleAsync(app.Database);
        var message = Assert.Single(reconciled.Seen, m => m.FlowId == flowId);
        Assert.Equal(("01000000000001002", "rcpt-rf-1", 1), (message.Transfers[0].Iuv, message.Transfers[0].ReceiptId, message.Transfers[0].IdTransfer));
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM reporting.inbox_messages WHERE message_id = '{flowMessageId}'"));
        Assert.Equal(1, await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-rf-1'"));
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}'"));
    }

    [Fact]
    public async Task Flows_and_receipts_consumed_at_the_same_time_all_match_exactly_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        _ = app.Server;
        const string flowId = "2026-11-20PSPSIM01-0000103";
        var iuvs = Enumerable.Range(0, 8).Select(i => $"0100000000000200{i}").ToList();

        var ids = Enumerable.Range(0, iuvs.Count + 1).Select(_ => Guid.NewGuid()).ToList();
        var publishes = iuvs.Select((iuv, i) => bus.PublishAsync(Payment(iuv, "rcpt-c-" + iuv, (1, 1_000)), ids[i])).ToList();
        publishes.Add(bus.PublishAsync(Flow(flowId, 1, iuvs.Select((iuv, i) => Row(i + 1, iuv, "rcpt-c-" + iuv, 1, 1_000)).ToArray()), ids[^1]));
        await Task.WhenAll(publishes);

        foreach (var id in ids) Assert.Null(Assert.Single(await app.Deliveries.OfAsync(id)).Fault);
        await reconciled.SettleAsync(app.Database);
        Assert.Equal(8, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}' AND match_status = 'matched'"));
        var announced = reconciled.Seen.Where(m => m.FlowId == flowId).SelectMany(m => m.Transfers).Select(t => t.Iuv).ToList();
        Assert.Equal(iuvs, announced.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Copies_of_one_payment_consumed_at_the_same_time_store_its_transfers_once_and_announce_the_match_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        _ = app.Server;
        const string flowId = "2026-11-20PSPSIM01-0000190";
        await bus.PublishAsync(Flow(flowId, 1, Row(1, "01000000000009001", "rcpt-copies-1", 1, 4_000), Row(2, "01000000000009001", "rcpt-copies-1", 2, 500)));
        await Eventually.TrueAsync(async () => await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}' AND anomaly = 'missing-receipt'") == 2,
            TimeSpan.FromSeconds(20), "rows stored as missing receipt");

        // Receipts of one EC no longer wait for each other: copies under different message ids race for real.
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(ids.Select(id => bus.PublishAsync(Payment("01000000000009001", "rcpt-copies-1", (1, 4_000), (2, 500)), id)));

        foreach (var id in ids) Assert.Null((await app.Deliveries.OfAsync(id)).Last().Fault);
        await reconciled.SettleAsync(app.Database);
        var message = Assert.Single(reconciled.Seen, m => m.FlowId == flowId);
        Assert.Equal([1, 2], message.Transfers.Select(t => t.IdTransfer).Order());
        Assert.Equal(2, await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-copies-1'"));
        Assert.Equal(2, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}' AND match_status = 'matched' AND anomaly IS NULL"));
    }

    [Fact]
    public async Task A_later_revision_replaces_the_rows_of_the_earlier_and_an_older_revision_arriving_late_is_ignored()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        _ = app.Server;
        const string flowId = "2026-11-20PSPSIM01-0000104";
        await bus.PublishAsync(Payment("01000000000001004", "rcpt-rev-1", (1, 7_000)));
        await Eventually.TrueAsync(async () => await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-rev-1'") == 1,
            TimeSpan.FromSeconds(20), "payment stored");

        var first = Flow(flowId, 1, Row(1, "01000000000001004", "rcpt-rev-1", 1, 6_999));
        await bus.PublishAsync(first);
        await Eventually.TrueAsync(async () => await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}' AND anomaly = 'amount-mismatch'") == 1,
            TimeSpan.FromSeconds(20), "revision 1 stored with a wrong amount");
        await bus.PublishAsync(Flow(flowId, 2, Row(1, "01000000000001004", "rcpt-rev-1", 1, 7_000)));
        await reconciled.WaitForAsync(m => m.FlowId == flowId);
        var lateId = Guid.NewGuid();
        await bus.PublishAsync(first, lateId);   // revision 1 again, late

        await app.Deliveries.OfAsync(lateId);
        await reconciled.SettleAsync(app.Database);
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM reporting.inbox_messages WHERE message_id = '{lateId}'"));
        Assert.Equal(2, await Scalar($"SELECT revision FROM reporting.flows WHERE flow_id = '{flowId}'"));
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}'"));
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}' AND match_status = 'matched'"));
        Assert.Single(reconciled.Seen, m => m.FlowId == flowId);
    }

    [Fact]
    public async Task The_same_payment_reported_in_a_second_flow_is_a_duplicate_anomaly_there_and_is_reconciled_and_announced_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        var client = app.CreateClient();
        const string iuv = "01000000000001005";
        var (firstFlow, secondFlow) = ("2026-11-20PSPSIM01-0000105", "2026-11-21PSPSIM01-0000106");
        await bus.PublishAsync(Payment(iuv, "rcpt-twice-1", (1, 4_000), (2, 1_000)));
        await Eventually.TrueAsync(async () => await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-twice-1'") == 2,
            TimeSpan.FromSeconds(20), "payment stored");
        var (firstId, secondId) = (Guid.NewGuid(), Guid.NewGuid());

        await bus.PublishAsync(Flow(firstFlow, 1, Row(1, iuv, "rcpt-twice-1", 1, 4_000), Row(2, iuv, "rcpt-twice-1", 2, 1_000)), firstId);
        await app.Deliveries.OfAsync(firstId);
        // Another PSP's flow (or the same PSP's next day) reports transfer 1 again, next to a row of its own.
        await bus.PublishAsync(Flow(secondFlow, 1, Row(1, iuv, "rcpt-twice-1", 1, 4_000), Row(2, "01000000000001006", "rcpt-other", 1, 700)), secondId);
        await app.Deliveries.OfAsync(secondId);
        await reconciled.SettleAsync(app.Database);

        var flow = await client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/{Ec}/flows/{secondFlow}");
        var rows = flow.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("iuv").GetString(), r.GetProperty("matchStatus").GetString(), r.TryGetProperty("anomaly", out var a) ? a.GetString() : null));
        Assert.Equal([(iuv, "duplicate", "duplicate"), ("01000000000001006", "unmatched", "missing-receipt")], rows);
        var duplicates = await client.GetFromJsonAsync<JsonElement[]>($"/api/reporting/organizations/{Ec}/anomalies?kind=duplicate");
        var duplicate = Assert.Single(duplicates!, d => d.GetProperty("iuv").GetString() == iuv);
        Assert.Equal(secondFlow, duplicate.GetProperty("flowId").GetString());
        Assert.Equal(0, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{firstFlow}' AND anomaly IS NOT NULL"));
        Assert.Equal(2, await Scalar($"SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-twice-1' AND reconciled_flow_id = '{firstFlow}'"));
        var announced = Assert.Single(reconciled.Seen, m => m.Transfers.Any(t => t.Iuv == iuv));
        Assert.Equal((firstFlow, 2), (announced.FlowId, announced.Transfers.Count));
        Assert.DoesNotContain(reconciled.Seen, m => m.FlowId == secondFlow);
    }
}
