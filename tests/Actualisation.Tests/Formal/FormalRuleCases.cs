using Actualisation.Rules.Formal;
using Xunit;

namespace Actualisation.Tests.Formal;

// Shorthand for quoting a formal rule on a day with the national calendar and the statutory rates.
internal static class FormalRuleCases
{
    public static Quote Due(string rule, string paid, params (string Name, object Value)[] inputs)
    {
        var result = Try(rule, paid, inputs);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result.Quote!;
    }

    public static QuoteResult Try(string rule, string paid, params (string Name, object Value)[] inputs) =>
        FormalRules.Quote(rule, new RuleInputs(inputs.ToDictionary(i => i.Name, i => Convert.ToString(i.Value, System.Globalization.CultureInfo.InvariantCulture)!)),
            DateOnly.Parse(paid, System.Globalization.CultureInfo.InvariantCulture), LegalInterestRates.Italy);

    public static long Part(this Quote quote, string component) => quote.Components.Where(c => c.Name == component).Sum(c => c.AmountCents);

    public static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
