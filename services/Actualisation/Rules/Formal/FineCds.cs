namespace Actualisation.Rules.Formal;

// RULES.md §3.7 FINE-CDS, traffic fines (CdS arts. 202, 203, art. 27 L. 689/1981): up to D5 = nextNonHoliday(N+5) 70%
// of M; up to D60 = nextNonHoliday(N+60) M; afterwards X/2 plus a tenth of it per semester from E = D60+1, capped at
// 6 semesters; costs K always in full. Inputs: M, X, K, N, discountExcluded, reducedPaymentAllowed, surchargeMode,
// surchargeCapSemesters, reductionPercent (30), surchargePercent (10), patronSaint, paid (cents already paid).
public static class FineCds
{
    public const string Name = "FINE-CDS";

    public static QuoteResult Quote(RuleInputs inputs, DateOnly paid)
    {
        var m = inputs.Cents("M", min: 1);
        var x = inputs.Cents("X", min: 1);
        var k = inputs.Cents("K", fallback: 0);
        var n = inputs.Date("N");
        var discountExcluded = inputs.Bool("discountExcluded", false);
        var allowed = inputs.Bool("reducedPaymentAllowed", true);
        var mode = inputs.Choice("surchargeMode", SurchargeMode.Started);
        var cap = inputs.Int("surchargeCapSemesters", 6, 0, 1000);
        var reduction = inputs.Percent("reductionPercent", 30m, 0m, 100m);
        var surchargePercent = inputs.Percent("surchargePercent", 10m, 0m, 100m);
        var calendar = inputs.Calendar();
        var paidBefore = inputs.Cents("paid", fallback: 0);
        if (!allowed) inputs.Fail("reducedPaymentAllowed", "the fine is not payable in misura ridotta (prefect procedure, CdS art. 202 c.3)");
        if (inputs.Errors.Count > 0) return QuoteResult.Fail(inputs.Errors);

        var d5 = calendar.NextNonHoliday(n.AddDays(5));
        var d60 = calendar.NextNonHoliday(n.AddDays(60));
        Component Costs() => new(Components.Costs, k);
        Quote result;
        if (paid <= d5 && !discountExcluded)
            result = Formal.Quote.Of(Name, "reduced", [new(Components.Sanction, Money.Round2(m * (100m - reduction) / 100m)), Costs()], null, d5, d5);
        else if (paid <= d60)
            result = Formal.Quote.Of(Name, "ordinary", [new(Components.Sanction, m), Costs()], discountExcluded ? null : d5.AddDays(1), d60, d60);
        else
        {
            var exigible = d60.AddDays(1);
            var h = Money.Round2(x / 2m);
            var (tenths, from, until, semesterEnd) = SemesterSurcharge.On(exigible, paid, mode, cap);
            result = Formal.Quote.Of(Name, $"half-maximum+{tenths}/10",
                [new(Components.Sanction, h), new(Components.Surcharge, SemesterSurcharge.Amount(h, surchargePercent, tenths)), Costs()],
                from, until, semesterEnd);
        }
        return QuoteResult.Ok(result.LessPaid(paidBefore));
    }
}
