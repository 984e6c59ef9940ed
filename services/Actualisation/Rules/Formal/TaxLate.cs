namespace Actualisation.Rules.Formal;

// RULES.md §9.9: the end of the 1/8 ravvedimento tier.
public enum LongTierEnd { OneYear, ImuReturnDeadline }

// RULES.md §5.7 TAX-LATE, late local tax with ravvedimento operoso (art. 13 D.Lgs. 472/1997 as amended by D.Lgs.
// 87/2024): D = nextWorkingDay(D0) (Saturdays move too), d = P − D days; the sanction fraction by tier of d on the
// 25% (due from 2024-09-01) or 30% base, legal interest on T, and the line total rounded to the euro (c.166). Inputs:
// T, D0, longTierEnd (OneYear), euroRounding (true), patronSaint, paid.
public static class TaxLate
{
    public const string Name = "TAX-LATE";
    public static readonly DateOnly NewRegimeFrom = new(2024, 9, 1);

    public static QuoteResult Quote(RuleInputs inputs, DateOnly paid, LegalInterestRates rates)
    {
        var t = inputs.Cents("T", min: 1);
        var d0 = inputs.Date("D0");
        var tierEnd = inputs.Choice("longTierEnd", LongTierEnd.OneYear);
        var euroRounding = inputs.Bool("euroRounding", true);
        var calendar = inputs.Calendar();
        var paidBefore = inputs.Cents("paid", fallback: 0);
        if (inputs.Errors.Count > 0) return QuoteResult.Fail(inputs.Errors);

        var d = calendar.NextWorkingDay(d0);
        var days = paid.DayNumber - d.DayNumber;
        if (days <= 0)
            return QuoteResult.Ok(Formal.Quote.Of(Name, "in-term", [new(Components.Tax, t)], null, d, d).LessPaid(paidBefore));
        if (d.AddDays(1) < rates.FirstDay)
            return QuoteResult.Fail(new Dictionary<string, string[]> { ["D0"] = [$"no legal rate before {rates.FirstDay:yyyy-MM-dd}"] });

        var newRegime = d >= NewRegimeFrom;
        var basePercent = newRegime ? 25m : 30m;
        var longEnd = tierEnd == LongTierEnd.OneYear ? d.AddYears(1) : new DateOnly(d.Year + 1, 6, 30);
        // The fraction as numerator/denominator of the base, so the sanction is divided and rounded once.
        var (tier, numerator, denominator) = days switch
        {
            <= 14 => ("sprint", (decimal)days, 2m * 15m * 10m),
            <= 30 => ("30-days", 1m, 2m * 10m),
            <= 90 => ("90-days", 1m, 2m * 9m),
            _ when paid <= longEnd => ("1-year", 1m, 8m),
            _ when newRegime || paid <= d.AddYears(2) => ("beyond-1-year", 1m, 7m),
            _ => ("beyond-2-years", 1m, 6m),
        };
        var sanction = Money.Round2(t * basePercent * numerator / (100m * denominator));
        var interest = Interest.Amount(t, d, paid, rates);
        List<Component> parts = [new(Components.Tax, t), new(Components.Sanction, sanction), new(Components.Interest, interest)];
        var total = t + sanction + interest;
        if (euroRounding && Money.RoundEuro(total) != total) parts.Add(new(Components.Rounding, Money.RoundEuro(total) - total));
        return QuoteResult.Ok(Formal.Quote.Of(Name, (newRegime ? "new-" : "old-") + tier, parts, paid, paid, paid).LessPaid(paidBefore));
    }
}
