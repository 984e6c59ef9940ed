using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static Reporting.Tests.Samples;

namespace Reporting.Tests;

// The rules the flow consumer applies in SQL to a whole flow at once, case by case.
[Collection(ReportingCollection.Name)]
public sealed class FlowMatchingTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private Task<long> Scalar(string sql) => app.Database.ScalarAsync<long>(sql);

    [Fact]
    public async Task A_revocation_before_its_payment_in_a_flow_leaves_the_payment_matched_and_only_a_second_copy_of_the_payment_is_a_duplicate()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        var client = app.CreateClient();
        const string flowId = "2026-11-20PSPSIM01-0000301", iuv = "01000000000003101";
        await bus.PublishAsync(Payment(iuv, "rcpt-rv-1", (1, 2_500)));
        await Eventually.TrueAsync(async () => await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-rv-1'") == 1,
            TimeSpan.FromSeconds(20), "payment stored");

        var flowMessageId = Guid.NewGuid();
        await bus.PublishAsync(Flow(flowId, 1,
            Row(1, iuv, "rcpt-rv-1", 1, 2_500, outcome: 3),
            Row(2, iuv, "rcpt-rv-1", 1, 2_500),
            Row(3, iuv, "rcpt-rv-1", 1, 2_500),
            Row(4, iuv, "rcpt-rv-1", 1, 2_500, outcome: 3)), flowMessageId);
        Assert.Null(Assert.Single(await app.Deliveries.OfAsync(flowMessageId)).Fault);
        await reconciled.SettleAsync(app.Database);

        var flow = await client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/{Ec}/flows/{flowId}");
        var rows = flow.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("matchStatus").GetString(), r.TryGetProperty("anomaly", out var a) ? a.GetString() : null));
        Assert.Equal([("revoked", "revoked"), ("matched", null), ("duplicate", "duplicate"), ("revoked", "revoked")], rows);
        var announced = Assert.Single(reconciled.Seen, m => m.FlowId == flowId);
        Assert.Equal((iuv, "rcpt-rv-1", 1, 2_500L), Assert.Single(announced.Transfers) is var t ? (t.Iuv, t.ReceiptId, t.IdTransfer, t.AmountCents) : default);
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id = 'rcpt-rv-1' AND reconciled_flow_id = '{flowId}'"));
    }

    [Fact]
    public async Task A_revision_reporting_a_transfer_its_flow_already_matched_matches_it_again_and_announces_only_the_newly_matched_ones()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var reconciled = await Announcements.ObserveAsync(bus);
        const string flowId = "2026-11-20PSPSIM01-0000302";
        var (first, second) = ("01000000000003201", "01000000000003202");
        await bus.PublishAsync(Payment(first, "rcpt-rm-1", (1, 1_100)));
        await bus.PublishAsync(Payment(second, "rcpt-rm-2", (1, 2_200)));
        await Eventually.TrueAsync(async () => await Scalar("SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id LIKE 'rcpt-rm-%'") == 2,
            TimeSpan.FromSeconds(20), "payments stored");

        var revision1 = Guid.NewGuid();
        await bus.PublishAsync(Flow(flowId, 1, Row(1, first, "rcpt-rm-1", 1, 1_100), Row(2, second, "rcpt-rm-2", 1, 2_000)), revision1);
        await app.Deliveries.OfAsync(revision1);
        var revision2 = Guid.NewGuid();
        await bus.PublishAsync(Flow(flowId, 2, Row(1, first, "rcpt-rm-1", 1, 1_100), Row(2, second, "rcpt-rm-2", 1, 2_200)), revision2);
        Assert.Null(Assert.Single(await app.Deliveries.OfAsync(revision2)).Fault);
        await reconciled.SettleAsync(app.Database);

        var announced = reconciled.Seen.Where(m => m.FlowId == flowId).Select(m => string.Join(',', m.Transfers.Select(t => t.Iuv))).ToList();
        Assert.Equal([first, second], announced);
        Assert.Equal(2, await Scalar($"SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '{flowId}' AND match_status = 'matched' AND anomaly IS NULL"));
        Assert.Equal(2, await Scalar($"SELECT count(*) FROM reporting.paid_transfers WHERE receipt_id LIKE 'rcpt-rm-%' AND reconciled_flow_id = '{flowId}'"));
    }
}
