namespace Actualisation.Rules.Formal;

// RULES.md §6.6 L689-16, non-CdS administrative sanctions (art. 16 L. 689/1981): within 60 days of N (term moved past
// holidays as in §2), min(round2(X/3), 2M) + costs; M is optional ("qualora sia stabilito il minimo"). Afterwards the
// authority issues an ordinanza-ingiunzione (then L689-27). Inputs: X, M, costs, N, patronSaint, paid.
public static class L689Sixteen
{
    public const string Name = "L689-16";

    public static QuoteResult Quote(RuleInputs inputs, DateOnly paid)
    {
        var x = inputs.Cents("X", min: 1);
        long? m = inputs.Has("M") ? inputs.Cents("M", min: 1) : null;
        var costs = inputs.Cents("costs", fallback: 0);
        var n = inputs.Date("N");
        var calendar = inputs.Calendar();
        var paidBefore = inputs.Cents("paid", fallback: 0);
        if (inputs.Errors.Count > 0) return QuoteResult.Fail(inputs.Errors);
        var d60 = calendar.NextNonHoliday(n.AddDays(60));
        if (paid > d60)
            return QuoteResult.Fail(new Dictionary<string, string[]>
            {
                ["paymentDate"] = [$"misura ridotta ended on {d60:yyyy-MM-dd}; after it an ordinanza-ingiunzione applies (L689-27)"],
            });
        var third = Money.Round2(x / 3m);
        var sanction = m is { } min ? Math.Min(third, 2 * min) : third;
        return QuoteResult.Ok(Formal.Quote.Of(Name, "misura-ridotta", [new(Components.Sanction, sanction), new(Components.Costs, costs)], null, d60, d60)
            .LessPaid(paidBefore));
    }
}

// RULES.md §6.6 L689-27: after exigibility E, S plus a tenth of S per semester (STARTED by default, RULES.md §9.1),
// no cap outside the CdS unless surchargeCapSemesters is given. Before E, S. Inputs: S, E, costs, surchargeMode,
// surchargeCapSemesters, surchargePercent (10), paid.
public static class L689TwentySeven
{
    public const string Name = "L689-27";

    public static QuoteResult Quote(RuleInputs inputs, DateOnly paid)
    {
        var s = inputs.Cents("S", min: 1);
        var e = inputs.Date("E");
        var costs = inputs.Cents("costs", fallback: 0);
        var mode = inputs.Choice("surchargeMode", SurchargeMode.Started);
        int? cap = inputs.Has("surchargeCapSemesters") ? inputs.Int("surchargeCapSemesters", 0, 0, 1000) : null;
        var percent = inputs.Percent("surchargePercent", 10m, 0m, 100m);
        var paidBefore = inputs.Cents("paid", fallback: 0);
        if (inputs.Errors.Count > 0) return QuoteResult.Fail(inputs.Errors);
        if (paid < e)
            return QuoteResult.Ok(Formal.Quote.Of(Name, "in-term", [new(Components.Sanction, s), new(Components.Costs, costs)], null, e.AddDays(-1), e.AddDays(-1))
                .LessPaid(paidBefore));
        var (tenths, from, until, semesterEnd) = SemesterSurcharge.On(e, paid, mode, cap);
        return QuoteResult.Ok(Formal.Quote.Of(Name, $"surcharge+{tenths}/10",
            [new(Components.Sanction, s), new(Components.Surcharge, SemesterSurcharge.Amount(s, percent, tenths)), new(Components.Costs, costs)],
            from, until, semesterEnd).LessPaid(paidBefore));
    }
}
