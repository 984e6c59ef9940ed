namespace Actualisation.Rules.Formal;

// RULES.md §6.6 INSTALMENT: instalment k with capital Ck due Dk of a plan started S0 at rate r (percent) pays Ik =
// round2(Ck × r × (Dk − S0) / 36500), plus the notification fee on one instalment (the first by default, SEND-COSTI).
// Inputs: instalments (JSON array of {C, D}) or a single C and D, S0, r, fee, feeInstalment. The amount is the plan's
// total; each instalment is in Instalments.
public static class Instalment
{
    public const string Name = "INSTALMENT";

    public static QuoteResult Quote(RuleInputs inputs)
    {
        var s0 = inputs.Date("S0");
        var rate = inputs.Percent("r", 0m, 0m, 100m);
        var fee = inputs.Cents("fee", fallback: 0);
        var rows = inputs.Has("instalments")
            ? inputs.List("instalments").Select((row, i) => new RuleInputs(row, $"instalments[{i}].")).ToList()
            : [inputs];
        var feeInstalment = inputs.Int("feeInstalment", 1, 1, Math.Max(1, rows.Count));
        if (rows.Count is 0 or > 120) inputs.Fail("instalments", "a plan has 1 to 120 instalments");
        var plan = rows.Select(row => (C: row.Cents("C", min: 1), D: row.Date("D"), row)).ToList();
        var errors = new Dictionary<string, string[]>(inputs.Errors);
        foreach (var row in rows.Where(r => r != inputs)) foreach (var e in row.Errors) errors[e.Key] = e.Value;
        for (var i = 0; i < plan.Count && errors.Count == 0; i++)
            if (plan[i].D < s0) errors[rows.Count == 1 && rows[0] == inputs ? "D" : $"instalments[{i}].D"] = ["an instalment cannot fall due before the plan starts (S0)"];
        if (errors.Count > 0) return QuoteResult.Fail(errors);

        var instalments = plan.Select((p, i) =>
        {
            List<Component> parts =
            [
                new(Components.Capital, p.C),
                new(Components.Interest, Money.Round2(p.C * rate * (p.D.DayNumber - s0.DayNumber) / 36500m)),
            ];
            if (fee > 0 && i + 1 == feeInstalment) parts.Add(new(Components.Costs, fee));
            return new InstalmentQuote(i + 1, p.D, parts.Sum(c => c.AmountCents), parts);
        }).ToList();
        var totals = instalments.SelectMany(i => i.Components).GroupBy(c => c.Name).Select(g => new Component(g.Key, g.Sum(c => c.AmountCents))).ToList();
        return QuoteResult.Ok(Formal.Quote.Of(Name, "plan", totals, null, null, instalments[^1].DueDate) with { Instalments = instalments });
    }
}
