using Actualisation.Rules;
using Actualisation.Rules.Formal;
using Contracts.Actualisation;
using Xunit;
using static Actualisation.Tests.Formal.FormalRuleCases;

namespace Actualisation.Tests.Formal;

// The schedule a notice gets under a formal rule: steps by window, transfers split, components kept.
public sealed class FormalScheduleTests
{
    private static ScheduleResult Schedule(string rule, TransferAmount[] transfers, DateOnly? notified, DateOnly due, string from, string horizon,
        Dictionary<string, string>? metadata = null, Dictionary<string, string>? table = null) =>
        FormalSchedule.Compute(new ScheduleInput(rule, transfers.Sum(t => t.AmountCents), transfers, notified, metadata ?? [], due),
            table, LegalInterestRates.Italy, Day(from), Day(horizon));

    [Fact]
    public void A_fine_notice_steps_from_reduced_to_ordinary_to_half_maximum_with_the_costs_transfer_unchanged()
    {
        var result = Schedule(FineCds.Name, [new(1, 4_200), new(2, 1_250)], Day("2026-03-10"), Day("2026-05-09"), "2026-03-10", "2026-06-30",
            new() { ["actualisation.X"] = "17300" });

        Assert.True(result.IsValid, string.Join(";", result.Errors.Keys));
        Assert.Equal(["reduced", "ordinary", "half-maximum+1/10"], result.Steps.Select(s => s.Reason));
        Assert.Equal([2_940 + 1_250, 4_200 + 1_250, 8_650 + 865 + 1_250], result.Steps.Select(s => s.AmountCents));
        Assert.All(result.Steps, s => Assert.Equal(1_250, s.Transfers.Single(t => t.IdTransfer == 2).AmountCents));
        Assert.All(result.Steps, s => Assert.Equal(s.AmountCents, s.Transfers.Sum(t => t.AmountCents)));
        Assert.All(result.Steps, s => Assert.Equal(s.AmountCents, s.Components!.Sum(c => c.AmountCents)));
        Assert.Equal((null, Day("2026-03-16")), (result.Steps[0].ValidFrom, result.Steps[0].ValidUntil));
        Assert.Equal((Day("2026-05-10"), Day("2026-11-09")), (result.Steps[2].ValidFrom, result.Steps[2].ValidUntil));
    }

    [Fact]
    public void A_component_named_for_a_transfer_is_carried_by_that_transfer_and_the_main_one_takes_the_rest()
    {
        var result = Schedule(Coercive.Name, [new(1, 500_000), new(2, 15_000), new(3, 590)], Day("2026-03-02"), Day("2026-03-02"), "2026-04-01", "2026-06-30",
            new() { ["actualisation.transfer.charges"] = "2" });

        Assert.Equal([new TransferAmount(1, 500_000), new(2, 15_000), new(3, 590)], result.Steps[0].Transfers);
        Assert.Equal([new TransferAmount(1, 500_000), new(2, 30_000), new(3, 590)], result.Steps[1].Transfers);
        Assert.Equal((Day("2026-05-02"), (DateOnly?)null), (result.Steps[1].ValidFrom, result.Steps[1].ValidUntil));
    }

    [Fact]
    public void A_daily_rule_gets_one_step_per_day_up_to_the_horizon_and_the_table_parameters_apply()
    {
        var result = Schedule(Interest.Name, [new(1, 100_000)], null, Day("2026-03-01"), "2026-03-10", "2026-03-12",
            table: new() { ["extraPoints"] = "3" });

        Assert.Equal([Day("2026-03-10"), Day("2026-03-11"), Day("2026-03-12")], result.Steps.Select(s => s.ValidUntil!.Value));
        // 100000 × 4.6 × 9 / 36500 = 113.42 → 113 on 10 March (9 days after 1 March).
        Assert.Equal(100_113, result.Steps[0].AmountCents);
    }

    [Fact]
    public void A_notice_whose_metadata_breaks_the_rule_gets_no_schedule_and_the_field_is_named()
    {
        var result = Schedule(FineCds.Name, [new(1, 4_200)], Day("2026-03-10"), Day("2026-05-09"), "2026-03-10", "2026-06-30");
        Assert.False(result.IsValid);
        Assert.Contains("actualisation.X", result.Errors.Keys);
    }
}
