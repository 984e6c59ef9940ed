using Actualisation.Rules;
using Contracts.Actualisation;
using Microsoft.Extensions.Options;
using Xunit;

namespace Actualisation.Tests;

public sealed class FineRuleTests
{
    private static readonly AmountRules Rules = new(Options.Create(new FineOptions()));
    private static readonly DateOnly Notified = new(2026, 3, 10);

    private static ScheduleResult Fine(long fineCents, Dictionary<string, string>? metadata = null, params TransferAmount[] others) =>
        Rules.Compute(new ScheduleInput(AmountRules.Fine, fineCents + others.Sum(t => t.AmountCents),
            [new TransferAmount(1, fineCents), .. others], Notified, metadata ?? []));

    [Fact]
    public void A_constant_rule_gives_one_open_step_with_the_option_amount_and_transfers()
    {
        var result = Rules.Compute(new ScheduleInput(null, 12_050, [new(1, 10_050), new(2, 2_000)], null, new Dictionary<string, string>()));

        var step = Assert.Single(result.Steps);
        Assert.Equal(AmountRules.Constant, result.Rule);
        Assert.Null(step.ValidFrom);
        Assert.Null(step.ValidUntil);
        Assert.Equal(12_050, step.AmountCents);
        Assert.Equal(new TransferAmount[] { new(1, 10_050), new(2, 2_000) }, step.Transfers);
    }

    [Fact]
    public void A_fine_is_reduced_up_to_day_5_ordinary_from_day_6_to_day_60_and_increased_from_day_61()
    {
        var steps = Fine(4_200).Steps;

        Assert.Equal(new[] { "reduced-30", "ordinary", "increased" }, steps.Select(s => s.Reason));
        Assert.Equal(2_940, AmountOn(steps, Notified));
        Assert.Equal(2_940, AmountOn(steps, new DateOnly(2026, 3, 15)));   // day 5
        Assert.Equal(4_200, AmountOn(steps, new DateOnly(2026, 3, 16)));   // day 6
        Assert.Equal(4_200, AmountOn(steps, new DateOnly(2026, 5, 9)));    // day 60
        Assert.Equal(8_400, AmountOn(steps, new DateOnly(2026, 5, 10)));   // day 61
        Assert.Equal(8_400, AmountOn(steps, new DateOnly(2030, 1, 1)));
        Assert.Null(steps[0].ValidFrom);
        Assert.Null(steps[2].ValidUntil);
    }

    [Fact]
    public void Only_the_fine_transfer_changes_and_each_step_amount_is_the_sum_of_its_transfers()
    {
        var steps = Fine(10_000, null, new TransferAmount(2, 1_250)).Steps;

        Assert.Equal(new TransferAmount[] { new(1, 7_000), new(2, 1_250) }, steps[0].Transfers);
        Assert.Equal(new TransferAmount[] { new(1, 20_000), new(2, 1_250) }, steps[2].Transfers);
        Assert.All(steps, s => Assert.Equal(s.Transfers.Sum(t => t.AmountCents), s.AmountCents));
    }

    [Fact]
    public void The_reduction_is_rounded_half_away_from_zero_to_the_cent()
    {
        Assert.Equal(3_033, Fine(4_333).Steps[0].Transfers[0].AmountCents);  // 3033.1
        Assert.Equal(4, Fine(5).Steps[0].Transfers[0].AmountCents);          // 3.5 -> 4
    }

    [Fact]
    public void The_increased_amount_and_the_fine_transfer_can_be_given_per_notice_in_the_option_metadata()
    {
        var metadata = new Dictionary<string, string> { [FineRule.FineTransferKey] = "2", [FineRule.IncreasedAmountKey] = "17300" };
        var steps = Rules.Compute(new ScheduleInput(AmountRules.Fine, 4_800, [new(1, 600), new(2, 4_200)], Notified, metadata)).Steps;

        Assert.Equal(new TransferAmount[] { new(1, 600), new(2, 2_940) }, steps[0].Transfers);
        Assert.Equal(new TransferAmount[] { new(1, 600), new(2, 17_300) }, steps[2].Transfers);
        Assert.Equal(17_900, steps[2].AmountCents);
    }

    [Fact]
    public void A_fine_without_notification_date_or_with_an_unknown_rule_is_rejected_with_the_field_at_fault()
    {
        var noDate = Rules.Compute(new ScheduleInput(AmountRules.Fine, 4_200, [new(1, 4_200)], null, new Dictionary<string, string>()));
        var unknown = Rules.Compute(new ScheduleInput("interest-2027", 4_200, [new(1, 4_200)], Notified, new Dictionary<string, string>()));
        var badIncrease = Fine(4_200, new Dictionary<string, string> { [FineRule.IncreasedAmountKey] = "100" });

        Assert.Contains("notificationDate", noDate.Errors.Keys);
        Assert.Contains("rule", unknown.Errors.Keys);
        Assert.Contains(FineRule.IncreasedAmountKey, badIncrease.Errors.Keys);
    }

    private static long AmountOn(IReadOnlyList<AmountStep> steps, DateOnly day) => AmountSchedule.StepOn(steps, day)!.AmountCents;
}
