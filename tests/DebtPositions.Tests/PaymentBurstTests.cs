using Contracts.DebtPositions;
using Contracts.Receipts;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Payments consumed in batches (ADR 0063) change positions exactly as they would one message at a time.
public sealed class PaymentBurstTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_burst_of_payments_with_copies_and_two_instalments_of_one_position_gives_one_change_per_payment_in_version_order()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await DebtPositionEvents.ChangesAsync(bus);
        var singles = new List<(string Iupd, string Iuv)>();
        for (var i = 0; i < 12; i++)
        {
            var iupd = Positions.Unique($"burst-{i}");
            singles.Add((iupd, (await _client.CreateAsync(Positions.Position(iupd))).Iuv()));
        }
        var planIupd = Positions.Unique("burst-plan");
        var plan = await _client.CreateAsync(Positions.Position(planIupd,
            Positions.Option(5_000, partial: true, dueInDays: 30), Positions.Option(5_000, partial: true, dueInDays: 60)));
        await changes.SettleAsync(app.Database);

        // Everything at once, so that batches hold several payments: each single twice under one message id, once more
        // under a new id (the same receipt announced again), and both instalments of the plan.
        var sends = new List<Task>();
        foreach (var (_, iuv) in singles)
        {
            var id = Guid.NewGuid();
            sends.Add(bus.PublishAsync(Payment(iuv, "rcpt-" + iuv, 12_050), id));
            sends.Add(bus.PublishAsync(Payment(iuv, "rcpt-" + iuv, 12_050), id));
            sends.Add(bus.PublishAsync(Payment(iuv, "rcpt-" + iuv, 12_050), Guid.NewGuid()));
        }
        sends.Add(bus.PublishAsync(Payment(plan.Iuv(0), "rcpt-plan-a", 5_000)));
        sends.Add(bus.PublishAsync(Payment(plan.Iuv(1), "rcpt-plan-b", 5_000)));
        await Task.WhenAll(sends);

        await Eventually.TrueAsync(async () => (await _client.ReadAsync(planIupd)).Status() == "PAID", TimeSpan.FromSeconds(30), "both instalments");
        foreach (var (iupd, _) in singles)
            await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PAID", TimeSpan.FromSeconds(30), iupd);
        await changes.SettleAsync(app.Database);

        foreach (var (iupd, iuv) in singles)
        {
            var paid = Assert.Single(changes.Of(iupd), c => c.Change == DebtPositionChanges.Paid);
            Assert.Equal("receipt:rcpt-" + iuv, paid.Cause);
            Assert.Equal(2, changes.Of(iupd).Count);
        }
        var planChanges = changes.Of(planIupd).Skip(1).ToList();
        Assert.Equal([DebtPositionChanges.PartiallyPaid, DebtPositionChanges.Paid], planChanges.Select(c => c.Change));
        Assert.Equal(planChanges[0].Position.Version + 1, planChanges[1].Position.Version);
        Assert.Equal((await _client.ReadAsync(planIupd)).GetProperty("version").GetInt64(), planChanges[1].Position.Version);
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, "debt-positions-payment-recorded");
    }

    private static PaymentRecorded Payment(string iuv, string receiptId, long amount) => new(
        DebtPositionsApp.Ec, iuv, "3" + iuv, receiptId, amount, DateTimeOffset.UtcNow, "PSPTEST01", false,
        [new PaidTransfer(1, DebtPositionsApp.Ec, amount, Positions.Iban, "9/0101108TS/")], DateTimeOffset.UtcNow);
}
