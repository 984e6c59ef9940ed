using Actualisation.Rules.Formal;
using Xunit;
using static Actualisation.Tests.Formal.FormalRuleCases;

namespace Actualisation.Tests.Formal;

// FINE-CDS (RULES.md §3.7) for a parking fine: M 42.00, X 173.00, costs 12.50.
public sealed class FineCdsTests
{
    private static Quote Fine(string notified, string paid, params (string, object)[] more) =>
        Due(FineCds.Name, paid, [("M", 4_200), ("X", 17_300), ("K", 1_250), ("N", notified), .. more]);

    [Fact]
    public void Day_5_pays_70_percent_of_the_minimum_plus_costs_in_full_and_day_6_the_minimum()
    {
        // Notified Monday 2026-03-09: day 5 is Saturday 14 March, which does not move the term.
        var day5 = Fine("2026-03-09", "2026-03-14");
        var day6 = Fine("2026-03-09", "2026-03-15");

        Assert.Equal(("reduced", 2_940 + 1_250), (day5.Tier, day5.AmountCents));
        Assert.Equal(1_250, day5.Part(Components.Costs));
        Assert.Equal((null, Day("2026-03-14"), Day("2026-03-14")), (day5.ValidFrom, day5.ValidUntil, day5.DueDate));
        Assert.Equal(("ordinary", 4_200 + 1_250), (day6.Tier, day6.AmountCents));
        Assert.Equal((Day("2026-03-15"), Day("2026-05-08")), (day6.ValidFrom, day6.ValidUntil));
    }

    [Fact]
    public void A_fifth_day_on_a_Sunday_moves_the_reduced_term_to_Monday()
    {
        // Notified Tuesday 2026-03-10: day 5 is Sunday 15 March.
        Assert.Equal("reduced", Fine("2026-03-10", "2026-03-16").Tier);
        Assert.Equal("ordinary", Fine("2026-03-10", "2026-03-17").Tier);
    }

    [Fact]
    public void A_fifth_day_on_Easter_Monday_moves_the_reduced_term_to_Tuesday()
    {
        // Notified 2027-03-24: day 5 is Easter Monday 29 March; Easter Sunday inside the window counts normally.
        Assert.Equal(Day("2027-03-30"), Fine("2027-03-24", "2027-03-30").ValidUntil);
        Assert.Equal("ordinary", Fine("2027-03-24", "2027-03-31").Tier);
    }

    [Fact]
    public void A_fifth_day_on_4_October_moves_from_2027_but_4_October_2025_was_an_ordinary_Saturday()
    {
        Assert.Equal("reduced", Fine("2027-09-29", "2027-10-05").Tier);
        Assert.Equal("ordinary", Fine("2027-09-29", "2027-10-06").Tier);
        Assert.Equal("ordinary", Fine("2025-09-29", "2025-10-05").Tier);
        Assert.Equal(Day("2025-10-04"), Fine("2025-09-29", "2025-10-04").ValidUntil);
    }

    [Fact]
    public void Christmas_and_Saint_Stephen_both_move_the_term_as_in_the_Maranello_example() =>
        Assert.Equal(Day("2025-12-27"), Fine("2025-12-20", "2025-12-21").DueDate);

    [Fact]
    public void Day_60_pays_the_minimum_and_day_61_half_the_maximum_plus_the_first_started_semester_of_surcharge()
    {
        // Notified 2026-03-10: day 60 is Saturday 9 May (no shift); exigible from 10 May.
        var day60 = Fine("2026-03-10", "2026-05-09");
        var day61 = Fine("2026-03-10", "2026-05-10");

        Assert.Equal(5_450, day60.AmountCents);
        Assert.Equal(Day("2026-05-09"), day60.DueDate);
        Assert.Equal(8_650 + 865 + 1_250, day61.AmountCents);
        Assert.Equal((8_650, 865, 1_250), (day61.Part(Components.Sanction), day61.Part(Components.Surcharge), day61.Part(Components.Costs)));
        Assert.Equal((Day("2026-05-10"), Day("2026-11-09"), Day("2026-11-09")), (day61.ValidFrom, day61.ValidUntil, day61.DueDate));
    }

    [Fact]
    public void Counting_only_completed_semesters_charges_no_surcharge_in_the_first_one()
    {
        Assert.Equal(8_650 + 1_250, Fine("2026-03-10", "2026-05-10", ("surchargeMode", "Completed")).AmountCents);
        Assert.Equal(8_650 + 865 + 1_250, Fine("2026-03-10", "2026-11-10", ("surchargeMode", "Completed")).AmountCents);
    }

    [Fact]
    public void Each_started_semester_adds_a_tenth_of_half_the_maximum_never_of_the_costs()
    {
        Assert.Equal(8_650 + 865 + 1_250, Fine("2026-03-10", "2026-11-09").AmountCents);
        Assert.Equal(8_650 + 1_730 + 1_250, Fine("2026-03-10", "2026-11-10").AmountCents);
    }

    [Fact]
    public void The_surcharge_stops_at_three_fifths_from_the_sixth_semester_on()
    {
        var fifth = Fine("2026-03-10", "2028-11-09");
        var sixth = Fine("2026-03-10", "2028-11-10");
        var later = Fine("2026-03-10", "2035-01-01");

        Assert.Equal(4_325, fifth.Part(Components.Surcharge));
        Assert.Equal(5_190, sixth.Part(Components.Surcharge));
        Assert.Equal(5_190, later.Part(Components.Surcharge));
        Assert.Equal((Day("2028-11-10"), (DateOnly?)null), (later.ValidFrom, later.ValidUntil));
        Assert.Equal(5_190, Fine("2026-03-10", "2029-05-10", ("surchargeMode", "Completed")).Part(Components.Surcharge));
        Assert.Equal(4_325, Fine("2026-03-10", "2029-05-09", ("surchargeMode", "Completed")).Part(Components.Surcharge));
    }

    [Fact]
    public void In_a_leap_year_day_60_after_New_Year_is_1_March()
    {
        Assert.Equal("ordinary", Fine("2028-01-01", "2028-03-01").Tier);
        Assert.Equal("half-maximum+1/10", Fine("2028-01-01", "2028-03-02").Tier);
        Assert.Equal("half-maximum+1/10", Fine("2027-01-01", "2027-03-03").Tier);
        Assert.Equal(Day("2027-03-02"), Fine("2027-01-01", "2027-03-02").DueDate);
    }

    [Fact]
    public void Semesters_from_31_August_turn_on_the_last_day_of_February_the_29th_in_a_leap_year()
    {
        // E = 2027-08-31 when day 60 is 2027-08-30 (notified 2027-07-01).
        Assert.Equal(Day("2028-02-28"), Fine("2027-07-01", "2027-09-01").ValidUntil);
        Assert.Equal(Day("2028-02-29"), Fine("2027-07-01", "2028-02-29").ValidFrom);
        var common = Due(L689TwentySeven.Name, "2027-02-28", ("S", 10_000), ("E", "2026-08-31"));
        Assert.Equal((Day("2027-02-28"), 2_000), (common.ValidFrom!.Value, common.Part(Components.Surcharge)));
    }

    [Fact]
    public void The_reduction_and_half_the_maximum_round_half_up_to_the_cent()
    {
        Assert.Equal(2_951, Due(FineCds.Name, "2026-03-10", ("M", 4_215), ("X", 17_300), ("N", "2026-03-10")).Part(Components.Sanction));
        Assert.Equal(8_651, Due(FineCds.Name, "2026-06-01", ("M", 4_215), ("X", 17_301), ("N", "2026-03-10")).Part(Components.Sanction));
    }

    [Fact]
    public void Without_the_discount_the_minimum_is_due_from_the_first_day()
    {
        var quote = Fine("2026-03-10", "2026-03-11", ("discountExcluded", true));
        Assert.Equal(("ordinary", (DateOnly?)null), (quote.Tier, quote.ValidFrom));
        Assert.Equal(5_450, quote.AmountCents);
    }

    [Fact]
    public void What_was_paid_before_is_subtracted_and_never_leaves_a_negative_amount()
    {
        Assert.Equal(5_450 - 2_940, Fine("2026-03-10", "2026-03-20", ("paid", 2_940)).AmountCents);
        Assert.Equal(0, Fine("2026-03-10", "2026-03-12", ("paid", 6_000)).AmountCents);
    }

    [Fact]
    public void A_fine_that_goes_to_the_prefect_or_lacks_an_input_is_refused_naming_the_field()
    {
        Assert.Contains("reducedPaymentAllowed", Try(FineCds.Name, "2026-03-10", ("M", 4_200), ("X", 17_300), ("N", "2026-03-10"), ("reducedPaymentAllowed", false)).Errors.Keys);
        var missing = Try(FineCds.Name, "2026-03-10", ("M", "abc"), ("N", "10/03/2026"));
        Assert.Equal(["M", "N", "X"], missing.Errors.Keys.Order());
    }
}
