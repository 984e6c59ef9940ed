using Actualisation.Rules.Formal;
using Xunit;
using static Actualisation.Tests.Formal.FormalRuleCases;

namespace Actualisation.Tests.Formal;

// COERCIVE, INSTALMENT, L689-16 and L689-27 (RULES.md §6.6).
public sealed class OtherRuleTests
{
    [Theory]
    [InlineData(500_000, "2026-05-01", 15_000)]    // 3% within 60 days of esecutività (2026-03-02)
    [InlineData(500_000, "2026-05-02", 30_000)]    // 6% from day 61
    [InlineData(2_000_000, "2026-05-01", 30_000)]  // 3% = 600 €, capped at 300 €
    [InlineData(2_000_000, "2026-05-02", 60_000)]  // 6% = 1200 €, capped at 600 €
    [InlineData(333_350, "2026-03-10", 10_001)]    // 3% of 3333.50 € = 100.005 → 100.01 (half up)
    public void Coercive_charges_are_3_percent_up_to_300_euro_within_60_days_then_6_percent_up_to_600(long debt, string paid, long charges)
    {
        var quote = Due(Coercive.Name, paid, ("S", debt), ("X0", "2026-03-02"), ("costs", 590));
        Assert.Equal(charges, quote.Part(Components.Charges));
        Assert.Equal(debt + charges + 590, quote.AmountCents);
    }

    [Fact]
    public void Coercive_mora_interest_is_off_by_default_and_accrues_on_the_debt_when_enabled()
    {
        Assert.Equal(0, Due(Coercive.Name, "2026-05-13", ("S", 100_000), ("X0", "2026-03-01")).Part(Components.Interest));
        var withMora = Due(Coercive.Name, "2026-05-13", ("S", 100_000), ("X0", "2026-03-01"), ("moraInterest", true), ("moraExtraPoints", 1));
        Assert.Equal(520, withMora.Part(Components.Interest));   // 100000 × (1.6 + 1) × 73 / 36500
    }

    [Fact]
    public void Each_instalment_pays_simple_interest_from_the_plan_start_to_its_own_due_date_and_the_fee_once()
    {
        var plan = Due(Instalment.Name, "2026-01-01", ("S0", "2026-01-01"), ("r", "4.5"), ("fee", 300),
            ("instalments", """[{"C":50000,"D":"2026-02-01"},{"C":50000,"D":"2026-03-01"},{"C":50000,"D":"2026-04-01"}]"""));

        Assert.Equal([50_000 + 191 + 300, 50_000 + 364, 50_000 + 555], plan.Instalments!.Select(i => i.AmountCents));
        Assert.Equal(150_000 + 191 + 364 + 555 + 300, plan.AmountCents);
        Assert.Equal(Day("2026-04-01"), plan.DueDate);
    }

    [Fact]
    public void Misura_ridotta_outside_the_CdS_is_the_lesser_of_a_third_of_the_maximum_and_twice_the_minimum()
    {
        Assert.Equal(5_000 + 700, Due(L689Sixteen.Name, "2026-03-20", ("X", 50_000), ("M", 2_500), ("costs", 700), ("N", "2026-03-10")).AmountCents);
        Assert.Equal(16_667, Due(L689Sixteen.Name, "2026-03-20", ("X", 50_000), ("M", 10_000), ("N", "2026-03-10")).AmountCents);
        Assert.Equal(16_667, Due(L689Sixteen.Name, "2026-05-09", ("X", 50_000), ("N", "2026-03-10")).AmountCents);
        Assert.Contains("paymentDate", Try(L689Sixteen.Name, "2026-05-10", ("X", 50_000), ("N", "2026-03-10")).Errors.Keys);
    }

    [Fact]
    public void Outside_the_CdS_the_semester_surcharge_has_no_cap()
    {
        Assert.Equal(10_000, Due(L689TwentySeven.Name, "2025-12-31", ("S", 10_000), ("E", "2026-01-01")).AmountCents);
        Assert.Equal(11_000, Due(L689TwentySeven.Name, "2026-06-30", ("S", 10_000), ("E", "2026-01-01")).AmountCents);
        Assert.Equal(12_000, Due(L689TwentySeven.Name, "2026-07-01", ("S", 10_000), ("E", "2026-01-01")).AmountCents);
        Assert.Equal(10_000 + 20_000, Due(L689TwentySeven.Name, "2035-07-01", ("S", 10_000), ("E", "2026-01-01")).AmountCents);
        Assert.Equal(10_000 + 6_000, Due(L689TwentySeven.Name, "2035-07-01", ("S", 10_000), ("E", "2026-01-01"), ("surchargeCapSemesters", 6)).AmountCents);
    }
}
