using Contracts.NodeAdapter;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// RULES.md §9.5, ADR 0046: a payment session activated before midnight in Rome and paid after it pays what the
// station gave at activation. The Node's payment token lives at most 30 minutes, so a receipt paid up to 30 minutes
// after midnight may carry the previous day's amount without an anomaly; later, or another amount, stays an anomaly.
public sealed class StraddlingMidnightTests(ClockedNodeAdapterApp app) : IClassFixture<ClockedNodeAdapterApp>
{
    [Theory]
    [InlineData("2026-01-16T00:10:00", 7_000, null)]
    [InlineData("2026-01-16T00:29:59", 7_000, null)]
    [InlineData("2026-01-16T00:45:00", 7_000, "amount-mismatch: due 100.00, paid 70.00")]
    [InlineData("2026-01-16T00:10:00", 6_000, "amount-mismatch: due 100.00, paid 60.00")]
    [InlineData("2026-01-16T00:10:00", 10_000, null)]
    public async Task A_receipt_paid_just_after_midnight_with_the_amount_activated_the_day_before_is_honoured(
        string paymentDateTime, long paidCents, string? anomaly)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var lastReducedDay = new DateOnly(2026, 1, 15);
        app.Time.Set(new DateTimeOffset(2026, 1, 16, 9, 0, 0, TimeSpan.FromHours(1)));
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 10_000));
        await ReadModel.PublishAsync(client, bus, Positions.Schedule(iuv, 1,
            Positions.Step(null, lastReducedDay, 7_000, "reduced"), Positions.Step(lastReducedDay.AddDays(1), null, 10_000)), 10_000);
        var receiptId = "rcpt-straddle-" + iuv;

        var answer = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2(receiptId, iuv, paidCents, paymentDateTime: paymentDateTime));

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal(anomaly, (await published.WaitForAsync(r => r.ReceiptId == receiptId)).Anomaly);
        app.Time.Set(null);
    }
}
