namespace Actualisation.Rules.Formal;

// The formal rules of RULES.md by the names it gives them.
public static class FormalRules
{
    public static readonly IReadOnlyList<string> Names =
        [FineCds.Name, Interest.Name, TaxLate.Name, Coercive.Name, Instalment.Name, L689Sixteen.Name, L689TwentySeven.Name];

    public static bool IsFormal(string? rule) => rule is not null && Names.Contains(rule);

    // The amount due on paid (a Europe/Rome day) under rule.
    public static QuoteResult Quote(string rule, RuleInputs inputs, DateOnly paid, LegalInterestRates rates) => rule switch
    {
        FineCds.Name => FineCds.Quote(inputs, paid),
        Interest.Name => Interest.Quote(inputs, paid, rates),
        TaxLate.Name => TaxLate.Quote(inputs, paid, rates),
        Coercive.Name => Coercive.Quote(inputs, paid, rates),
        Instalment.Name => Instalment.Quote(inputs),
        L689Sixteen.Name => L689Sixteen.Quote(inputs, paid),
        L689TwentySeven.Name => L689TwentySeven.Quote(inputs, paid),
        _ => QuoteResult.Fail(new Dictionary<string, string[]> { ["rule"] = [$"unknown rule '{rule}'; formal rules: {string.Join(", ", Names)}"] }),
    };
}
