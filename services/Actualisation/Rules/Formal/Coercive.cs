namespace Actualisation.Rules.Formal;

// RULES.md §6.6 COERCIVE, the EC's own coercive collection (L. 160/2019 c.803): on S = tax + sanctions + interest (no
// notification costs), charges of 3% capped at €300 when paid by X0 + 60 days, else 6% capped at €600, plus
// notification and enforcement costs. Mora interest (c.802) is off unless moraInterest is true, because its start is
// not settled (RULES.md §9.12): then legal rate + moraExtraPoints on S from X0+1. Inputs: S, X0, costs, moraInterest,
// moraExtraPoints, earlyPercent (3), earlyCapCents (30000), latePercent (6), lateCapCents (60000), earlyDays (60),
// paid.
public static class Coercive
{
    public const string Name = "COERCIVE";

    public static QuoteResult Quote(RuleInputs inputs, DateOnly paid, LegalInterestRates rates)
    {
        var s = inputs.Cents("S", min: 1);
        var x0 = inputs.Date("X0");
        var costs = inputs.Cents("costs", fallback: 0);
        var mora = inputs.Bool("moraInterest", false);
        var moraExtra = inputs.Percent("moraExtraPoints", 0m, -3m, 3m);
        var earlyPercent = inputs.Percent("earlyPercent", 3m, 0m, 100m);
        var earlyCap = inputs.Cents("earlyCapCents", fallback: 30_000);
        var latePercent = inputs.Percent("latePercent", 6m, 0m, 100m);
        var lateCap = inputs.Cents("lateCapCents", fallback: 60_000);
        var earlyDays = inputs.Int("earlyDays", 60, 0, 3650);
        var paidBefore = inputs.Cents("paid", fallback: 0);
        if (inputs.Errors.Count == 0 && mora && paid > x0 && x0.AddDays(1) < rates.FirstDay)
            inputs.Fail("X0", $"no legal rate before {rates.FirstDay:yyyy-MM-dd}");
        if (inputs.Errors.Count > 0) return QuoteResult.Fail(inputs.Errors);

        var earlyEnd = x0.AddDays(earlyDays);
        var early = paid <= earlyEnd;
        var charges = early ? Math.Min(Money.Round2(s * earlyPercent / 100m), earlyCap) : Math.Min(Money.Round2(s * latePercent / 100m), lateCap);
        List<Component> parts = [new(Components.Capital, s), new(Components.Charges, charges), new(Components.Costs, costs)];
        DateOnly? from = early ? null : earlyEnd.AddDays(1);
        DateOnly? until = early ? earlyEnd : null;
        if (mora && paid > x0)
        {
            parts.Add(new(Components.Interest, Interest.Amount(s, x0, paid, rates, moraExtra)));
            (from, until) = (paid, paid);
        }
        return QuoteResult.Ok(Formal.Quote.Of(Name, early ? "within-60-days" : "after-60-days", parts, from, until, until).LessPaid(paidBefore));
    }
}
