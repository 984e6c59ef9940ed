using Actualisation.Rules.Formal;
using Xunit;
using static Actualisation.Tests.Formal.FormalRuleCases;

namespace Actualisation.Tests.Formal;

// INTEREST (RULES.md §4.3) and TAX-LATE (§5.7) with the statutory legal rates of §4.1.
public sealed class InterestAndTaxTests
{
    [Fact]
    public void Interest_across_four_years_applies_each_year_s_rate_to_its_days_and_rounds_once()
    {
        // 2022: 184 d at 1.25; 2023: 365 d at 5; 2024: 366 d at 2.5; 2025: 74 d at 2 → 10546.09…; rounding
        // each year separately would give 10547.
        var quote = Due(Interest.Name, "2025-03-15", ("C", 123_457), ("D", "2022-06-30"));
        Assert.Equal((123_457, 10_546), (quote.Part(Components.Capital), quote.Part(Components.Interest)));
        Assert.Equal((Day("2025-03-15"), Day("2025-03-15")), (quote.ValidFrom!.Value, quote.ValidUntil!.Value));
    }

    [Fact]
    public void A_leap_year_counts_366_days_over_365()
    {
        // 1000.00 € for all of 2024 at 2.5%: 100000 × 2.5 × 366 / 36500 = 2506.85 → 2507 (not 2500).
        Assert.Equal(2_507, Due(Interest.Name, "2024-12-31", ("C", 100_000), ("D", "2023-12-31")).Part(Components.Interest));
    }

    [Fact]
    public void No_interest_accrues_up_to_the_due_date_and_extra_points_raise_the_rate()
    {
        var inTerm = Due(Interest.Name, "2026-03-01", ("C", 100_000), ("D", "2026-03-01"));
        Assert.Equal((0, (DateOnly?)null, Day("2026-03-01")), (inTerm.Part(Components.Interest), inTerm.ValidFrom, inTerm.ValidUntil!.Value));
        // 73 days in 2026 at 1.6 + 3 points: 100000 × 4.6 × 73 / 36500 = 920.
        Assert.Equal(920, Due(Interest.Name, "2026-05-13", ("C", 100_000), ("D", "2026-03-01"), ("extraPoints", 3)).Part(Components.Interest));
    }

    [Theory]
    // new regime (due 2025-06-16): T 1000.00, sanction, interest at 2%, line rounded to the euro
    [InlineData("2025-06-17", "new-sprint", 83, 5, 100_100)]
    [InlineData("2025-06-30", "new-sprint", 1_167, 77, 101_200)]
    [InlineData("2025-07-01", "new-30-days", 1_250, 82, 101_300)]
    [InlineData("2025-07-16", "new-30-days", 1_250, 164, 101_400)]
    [InlineData("2025-07-17", "new-90-days", 1_389, 170, 101_600)]
    [InlineData("2025-09-14", "new-90-days", 1_389, 493, 101_900)]
    [InlineData("2025-09-15", "new-1-year", 3_125, 499, 103_600)]
    [InlineData("2026-06-16", "new-1-year", 3_125, 1_817, 104_900)]
    [InlineData("2026-06-17", "new-beyond-1-year", 3_571, 1_821, 105_400)]
    public void Ravvedimento_on_a_tax_due_from_September_2024_changes_tier_after_14_30_90_days_and_one_year(
        string paid, string tier, long sanction, long interest, long total)
    {
        var quote = Due(TaxLate.Name, paid, ("T", 100_000), ("D0", "2025-06-16"));
        Assert.Equal((tier, sanction, interest, total), (quote.Tier, quote.Part(Components.Sanction), quote.Part(Components.Interest), quote.AmountCents));
        Assert.Equal(total - 100_000 - sanction - interest, quote.Part(Components.Rounding));
    }

    [Theory]
    [InlineData("2024-07-01", "old-sprint", 1_400, 101_500)]
    [InlineData("2024-07-02", "old-30-days", 1_500, 101_600)]
    [InlineData("2024-07-18", "old-90-days", 1_667, 101_900)]
    [InlineData("2024-09-16", "old-1-year", 3_750, 104_400)]
    [InlineData("2026-06-17", "old-beyond-1-year", 4_286, 108_400)]
    [InlineData("2026-06-18", "old-beyond-2-years", 5_000, 109_100)]
    public void A_tax_due_before_September_2024_keeps_the_30_percent_base_and_the_two_year_tier(string paid, string tier, long sanction, long total)
    {
        var quote = Due(TaxLate.Name, paid, ("T", 100_000), ("D0", "2024-06-17"));
        Assert.Equal((tier, sanction, total), (quote.Tier, quote.Part(Components.Sanction), quote.AmountCents));
    }

    [Fact]
    public void A_tax_due_on_Saturday_is_due_on_Monday_and_late_from_Tuesday()
    {
        Assert.Equal(("in-term", 100_000L), Tier(Due(TaxLate.Name, "2026-05-18", ("T", 100_000), ("D0", "2026-05-16"))));
        var tuesday = Due(TaxLate.Name, "2026-05-19", ("T", 100_000), ("D0", "2026-05-16"));
        Assert.Equal(("new-sprint", 83, 4, 100_100L), (tuesday.Tier, tuesday.Part(Components.Sanction), tuesday.Part(Components.Interest), tuesday.AmountCents));
    }

    [Fact]
    public void Euro_rounding_can_be_switched_off_and_the_IMU_return_deadline_can_end_the_one_year_tier()
    {
        Assert.Equal(101_244, Due(TaxLate.Name, "2025-06-30", ("T", 100_000), ("D0", "2025-06-16"), ("euroRounding", false)).AmountCents);
        // The IMU return deadline (30 June of the next year) keeps 2026-06-30 in the 1/8 tier, one year would not.
        Assert.Equal("new-beyond-1-year", Due(TaxLate.Name, "2026-07-01", ("T", 100_000), ("D0", "2025-06-16"), ("longTierEnd", "ImuReturnDeadline")).Tier);
        Assert.Equal("new-1-year", Due(TaxLate.Name, "2026-06-30", ("T", 100_000), ("D0", "2025-06-16"), ("longTierEnd", "ImuReturnDeadline")).Tier);
    }

    private static (string, long) Tier(Quote quote) => (quote.Tier, quote.AmountCents);
}
