using Contracts.Actualisation;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace Actualisation.Tests.Formal;

// RULES.md §3.1/§3.7: a payment on account ("in acconto", e.g. made at the counter) is recorded by the EC on the
// notice as option metadata actualisation.paid ; the schedule the station answers from asks only what is still due,
// on every day, and follows the position when the EC records more.
public sealed class PartialPaymentTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    private const string Ec = "45645645647";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // By hand from RULES.md §3.7 (M = 42.00, K = 12.50, N = Thursday 14 January 2027, D5 = 19 January): reduced 29.40
    // + 12.50 = 41.90 €, ordinary 54.50 €; "amount due = amount(P) − previous payments". With 20.00 € paid: 21.90 €
    // to D5 (sanction transfer 9.40, costs 12.50), then 34.50 € (22.00 + 12.50); with 30.00 € paid: 11.90 € to D5 and
    // 24.50 € from 20 January (12.00 + 12.50).
    [Fact]
    public async Task A_payment_on_account_recorded_on_the_notice_lowers_every_step_and_a_larger_one_lowers_them_again()
    {
        app.Time.Set(new DateTimeOffset(2027, 1, 20, 12, 0, 0, TimeSpan.FromHours(1)));
        try
        {
            await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
            var computed = await bus.ObserveAsync<AmountScheduleComputed>();
            _ = app.Server;
            const string iuv = "01000000000000963";

            await bus.PublishAsync(Fine(iuv, version: 1, paidCents: 2_000));
            var first = await computed.WaitForAsync(s => s.Iuv == iuv && s.PositionVersion == 1, Settle);
            var reduced = first.Steps.Single(s => s.ValidUntil == new DateOnly(2027, 1, 19));
            Assert.Equal(2_190, reduced.AmountCents);
            Assert.Equal(new long[] { 940, 1_250 }, reduced.Transfers.Select(t => t.AmountCents));
            var ordinary = first.Steps.Single(s => s.ValidFrom == new DateOnly(2027, 1, 20));
            Assert.Equal(3_450, ordinary.AmountCents);
            Assert.Equal(new long[] { 2_200, 1_250 }, ordinary.Transfers.Select(t => t.AmountCents));

            await bus.PublishAsync(Fine(iuv, version: 2, paidCents: 3_000));
            var second = await computed.WaitForAsync(s => s.Iuv == iuv && s.PositionVersion == 2, Settle);
            Assert.Equal(2_450, second.Steps.Single(s => s.ValidFrom == new DateOnly(2027, 1, 20)).AmountCents);
            // 41.90 − 30.00 = 11.90 is less than the costs: the sanction transfer keeps a cent (pagoPA refuses zero), the costs the rest.
            var reducedAgain = second.Steps.Single(s => s.ValidUntil == new DateOnly(2027, 1, 19));
            Assert.Equal(1_190, reducedAgain.AmountCents);
            Assert.Equal(new long[] { 1, 1_189 }, reducedAgain.Transfers.Select(t => t.AmountCents));
        }
        finally
        {
            app.Time.Set(null);
        }
    }

    private static DebtPositionChanged Fine(string iuv, long version, long paidCents)
    {
        var notified = new DateOnly(2027, 1, 14);
        return new DebtPositionChanged(new DebtPositionSnapshot(Ec, "IUPD-ACCONTO-1", "VALID", version, "Comune di Demo", null,
            new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false,
            [
                new PaymentOptionSnapshot(iuv, "3" + iuv, 5_450, "Verbale", notified.AddDays(365), null, false, "PO_UNPAID", null,
                [
                    new TransferSnapshot(1, 4_200, Ec, null, "Sanzione", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                    new TransferSnapshot(2, 1_250, Ec, null, "Spese", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                ],
                new Dictionary<string, string>
                {
                    ["actualisation.X"] = "17300",
                    ["actualisation.paid"] = paidCents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }, "FINE-CDS", notified),
            ]), DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow);
    }
}
