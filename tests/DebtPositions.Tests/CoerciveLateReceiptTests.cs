using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Receipts;
using Contracts.Reporting;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// A receipt for a notice cancelled by a re-issue, over the real broker: the new position is settled or reduced by it,
// never asked twice for the same money, and the operator sees an anomaly.
public sealed class CoerciveLateReceiptTests(CoerciveApp app) : IClassFixture<CoerciveApp>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Money_taken_for_the_old_notice_before_the_cancellation_settles_the_new_position_once_whatever_the_redeliveries()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (iupd, oldIuv, newIupd) = await ReissuedAsync("early");
        var messageId = Guid.NewGuid();

        await bus.PublishAsync(Paid(oldIuv, "late-early-" + iupd, 14_050, DateTimeOffset.UtcNow.AddMinutes(-5)), messageId);

        await Eventually.TrueAsync(async () => (await _client.ReadAsync(newIupd)).Status() == "PAID", Settle, "the new position is settled");
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PAID", Settle, "the old position follows its payment");
        var settled = await _client.ReadAsync(newIupd);
        Assert.Equal(("PO_PAID", "late-early-" + iupd), (settled.GetProperty("paymentOption")[0].GetProperty("status").GetString(),
            settled.GetProperty("paymentOption")[0].GetProperty("idReceipt").GetString()));
        var anomaly = Assert.Single(await AnomaliesAsync(newIupd));
        Assert.Equal(("settled", iupd, 14_050L), (anomaly.GetProperty("kind").GetString(), anomaly.GetProperty("oldIupd").GetString(), anomaly.GetProperty("paidCents").GetInt64()));

        // The same message again, and the same receipt under another message id: nothing more happens.
        var version = settled.GetProperty("version").GetInt64();
        var again = Guid.NewGuid();
        await bus.PublishAsync(Paid(oldIuv, "late-early-" + iupd, 14_050, DateTimeOffset.UtcNow.AddMinutes(-5)), messageId);
        await bus.PublishAsync(Paid(oldIuv, "late-early-" + iupd, 14_050, DateTimeOffset.UtcNow.AddMinutes(-5)), again);
        await app.Deliveries.OfAsync(messageId, 2);
        await app.Deliveries.OfAsync(again);
        Assert.All(app.Deliveries.Done.Where(d => d.MessageId == messageId || d.MessageId == again), d => Assert.Null(d.Fault));
        Assert.Single(await AnomaliesAsync(newIupd));
        Assert.Equal(version, (await _client.ReadAsync(newIupd)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stand_in_payment_of_the_old_amount_after_the_cancellation_leaves_only_the_charges_and_costs_due_on_the_EC_transfer()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (iupd, oldIuv, newIupd) = await ReissuedAsync("standin");

        await bus.PublishAsync(Paid(oldIuv, "late-standin-" + iupd, 14_050, DateTimeOffset.UtcNow.AddMinutes(1), standIn: true));

        await Eventually.TrueAsync(async () => (await AnomaliesAsync(newIupd)).Count == 1, Settle, "the anomaly is raised");
        var reduced = await _client.ReadAsync(newIupd);
        var notice = reduced.GetProperty("paymentOption")[0];
        Assert.Equal(("VALID", 922L), (reduced.Status(), notice.GetProperty("amount").GetInt64()));
        Assert.Equal([("1", 922L)], Coercive.Transfers(notice));
        Assert.Equal("14050", Coercive.Metadata(notice)["actualisation.paid"]);
        Assert.Equal("reduced", (await AnomaliesAsync(newIupd))[0].GetProperty("kind").GetString());
        Assert.Contains(await Coercive.HistoryAsync(_client, newIupd), h => h.Change == "updated" && h.Detail!.Contains("reduces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_late_receipt_after_the_new_notice_was_paid_changes_nothing_and_is_flagged_as_a_refund()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (iupd, oldIuv, newIupd) = await ReissuedAsync("twice");
        var newIuv = (await _client.ReadAsync(newIupd)).Iuv();
        await bus.PublishAsync(Paid(newIuv, "new-" + iupd, 14_972, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(newIupd)).Status() == "PAID", Settle, "the new notice is paid");
        var version = (await _client.ReadAsync(newIupd)).GetProperty("version").GetInt64();

        await bus.PublishAsync(Paid(oldIuv, "late-twice-" + iupd, 14_050, DateTimeOffset.UtcNow.AddMinutes(-5)));

        await Eventually.TrueAsync(async () => (await AnomaliesAsync(newIupd)).Count == 1, Settle, "the anomaly is raised");
        Assert.Equal("refund-due", (await AnomaliesAsync(newIupd))[0].GetProperty("kind").GetString());
        var after = await _client.ReadAsync(newIupd);
        Assert.Equal((version, "new-" + iupd), (after.GetProperty("version").GetInt64(), after.GetProperty("paymentOption")[0].GetProperty("idReceipt").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_position_settled_by_a_late_receipt_is_REPORTED_with_the_flow_that_reports_that_receipt_whichever_comes_first(bool flowFirst)
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (iupd, oldIuv, newIupd) = await ReissuedAsync(flowFirst ? "flow-first" : "receipt-first");
        var receiptId = "late-reported-" + iupd;
        var flowId = "2026-12-01PSPTEST01-" + Guid.NewGuid().ToString("N")[..7];
        var flow = new TransfersReconciled(DebtPositionsApp.Ec, flowId,
            [new ReconciledTransfer(oldIuv, receiptId, 1, 12_050, new DateOnly(2026, 12, 1)), new ReconciledTransfer(oldIuv, receiptId, 2, 2_000, new DateOnly(2026, 12, 1))],
            DateTimeOffset.UtcNow);

        if (flowFirst) await bus.PublishAsync(flow);
        await bus.PublishAsync(Paid(oldIuv, receiptId, 14_050, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(newIupd)).Status() != "VALID", Settle, "the new position is settled");
        if (!flowFirst) await bus.PublishAsync(flow);

        await Eventually.TrueAsync(async () => (await _client.ReadAsync(newIupd)).Status() == "REPORTED", Settle, "the new position is REPORTED");
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "REPORTED", Settle, "the old position is REPORTED");
        var (old, successor) = ((await _client.ReadAsync(iupd)).GetProperty("paymentOption")[0], (await _client.ReadAsync(newIupd)).GetProperty("paymentOption")[0]);
        Assert.Equal(("PO_REPORTED", flowId, receiptId), (successor.GetProperty("status").GetString(),
            successor.GetProperty("idFlowReporting").GetString(), successor.GetProperty("idReceipt").GetString()));
        Assert.All(successor.GetProperty("transfer").EnumerateArray(), t => Assert.Equal("T_REPORTED", t.GetProperty("status").GetString()));
        // The money is counted once, on the notice that took it.
        Assert.Equal((14_050L, 0L), (old.GetProperty("amountPaid").GetInt64(), successor.GetProperty("amountPaid").GetInt64()));
    }

    private async Task<(string Iupd, string OldIuv, string NewIupd)> ReissuedAsync(string prefix)
    {
        var iupd = Positions.Unique(prefix);
        var old = await _client.CreateAsync(Coercive.TwoBeneficiaries(iupd));
        var response = await Coercive.ReissueAsync(_client, iupd, new { costsCents = 500 });
        response.EnsureSuccessStatusCode();
        return (iupd, old.Iuv(), iupd + "-R");
    }

    private async Task<List<JsonElement>> AnomaliesAsync(string iupd) =>
        [.. (await _client.GetFromJsonAsync<JsonElement>($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/coercive/anomalies?iupd={iupd}")).EnumerateArray()];

    // A receipt as Receipts publishes it, crediting the two transfers of TwoBeneficiaries when it pays 14,050.
    private static PaymentRecorded Paid(string iuv, string receiptId, long amount, DateTimeOffset paidAt, bool standIn = false) => new(
        DebtPositionsApp.Ec, iuv, "3" + iuv, receiptId, amount, paidAt, "PSPTEST01", standIn,
        amount == 14_050
            ? [new PaidTransfer(1, DebtPositionsApp.Ec, 12_050, Positions.Iban, "9/0101108TS/"), new PaidTransfer(2, Coercive.OtherEc, 2_000, Positions.Iban, "9/0101108TS/")]
            : [new PaidTransfer(1, DebtPositionsApp.Ec, amount, Positions.Iban, "9/0101108TS/")],
        DateTimeOffset.UtcNow);
}
