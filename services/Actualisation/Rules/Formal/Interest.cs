namespace Actualisation.Rules.Formal;

// RULES.md §4.3 INTEREST: simple legal interest on C for the calendar days from D+1 to P, each day at the rate of its
// year (plus the EC's extra points, §5.5), over 365 also in leap years, rounded once. Inputs: C, D, extraPoints (0).
// The amount is C + I.
public static class Interest
{
    public const string Name = "INTEREST";

    public static QuoteResult Quote(RuleInputs inputs, DateOnly paid, LegalInterestRates rates)
    {
        var c = inputs.Cents("C", min: 1);
        var d = inputs.Date("D");
        var extra = inputs.Percent("extraPoints", 0m, -3m, 3m);
        if (inputs.Errors.Count == 0 && paid > d && d.AddDays(1) < rates.FirstDay)
            inputs.Fail("D", $"no legal rate before {rates.FirstDay:yyyy-MM-dd}");
        if (inputs.Errors.Count > 0) return QuoteResult.Fail(inputs.Errors);

        var interest = Amount(c, d, paid, rates, extra);
        // Before the term ends no interest accrues; afterwards it grows every day.
        return QuoteResult.Ok(paid <= d
            ? Formal.Quote.Of(Name, "in-term", [new(Components.Capital, c), new(Components.Interest, 0)], null, d, d)
            : Formal.Quote.Of(Name, "interest", [new(Components.Capital, c), new(Components.Interest, interest)], paid, paid, paid));
    }

    // I = round2(Σ_y C × (rate(y) + extra) × days(y) / 36500); 0 when P ≤ D.
    public static long Amount(long capitalCents, DateOnly due, DateOnly paid, LegalInterestRates rates, decimal extraPoints = 0m) =>
        paid <= due ? 0 : Math.Max(0, Money.Round2(rates.PercentDays(capitalCents, due.AddDays(1), paid, extraPoints) / 36500m));
}
