namespace Actualisation.Rules.Formal;

// One part of an amount (sanction, surcharge, interest, costs, charges, tax, rounding), in cents.
public sealed record Component(string Name, long AmountCents);

// Component names, as the station's transfers and the notice show them.
public static class Components
{
    public const string Sanction = "sanction";
    public const string Surcharge = "surcharge";
    public const string Interest = "interest";
    public const string Costs = "costs";
    public const string Charges = "charges";
    public const string Tax = "tax";
    public const string Capital = "capital";
    public const string Rounding = "rounding";
    public const string PaidBefore = "paidBefore";
}

// What a formal rule says is due on the payment date: the amount (sum of the components), the tier it falls in, and
// the days around the payment date on which that same amount holds (null = open end).
public sealed record Quote(
    string Rule, string Tier, long AmountCents, IReadOnlyList<Component> Components,
    DateOnly? ValidFrom, DateOnly? ValidUntil, DateOnly? DueDate, IReadOnlyList<InstalmentQuote>? Instalments = null)
{
    public static Quote Of(string rule, string tier, IReadOnlyList<Component> components, DateOnly? from, DateOnly? until, DateOnly? due) =>
        new(rule, tier, components.Sum(c => c.AmountCents), components, from, until, due);

    // RULES.md §3.7: what was paid before is subtracted, never below zero; the window stays the rule's.
    public Quote LessPaid(long paidCents)
    {
        if (paidCents <= 0) return this;
        var deducted = Math.Min(paidCents, AmountCents);
        return this with { AmountCents = AmountCents - deducted, Components = [.. Components, new Component(Formal.Components.PaidBefore, -deducted)] };
    }
}

// One instalment of a plan (RULES.md §6.6 INSTALMENT).
public sealed record InstalmentQuote(int Number, DateOnly DueDate, long AmountCents, IReadOnlyList<Component> Components);

// A quote or the input fields at fault.
public sealed record QuoteResult(Quote? Quote, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Quote is not null && Errors.Count == 0;
    public static QuoteResult Ok(Quote quote) => new(quote, new Dictionary<string, string[]>());
    public static QuoteResult Fail(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
