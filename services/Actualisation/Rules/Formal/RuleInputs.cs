using System.Globalization;
using System.Text.Json;

namespace Actualisation.Rules.Formal;

// The inputs of a formal rule, named as RULES.md names them (M, X, K, N, …), as text: from a quote's JSON, a notice's
// option metadata or an EC's rule table. Reading collects every problem under the field's name (with prefix), so one
// answer names every field at fault. Names match whatever their case: serializers that write camelCase send "m" for
// M.
public sealed class RuleInputs(IReadOnlyDictionary<string, string> given, string prefix = "")
{
    private readonly Dictionary<string, string> values = new(given, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string[]> _errors = [];

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public bool Has(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v);

    public void Fail(string name, string message) => _errors[prefix + name] = [message];

    // Cents between min and pagoPA's maximum amount.
    public long Cents(string name, long? fallback = null, long min = 0)
    {
        if (!Has(name))
        {
            if (fallback is null) Fail(name, $"{name} (cents) is required");
            return fallback ?? 0;
        }
        if (!long.TryParse(values[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cents)
            || cents < min || cents > ServiceDefaults.Web.RequestBounds.MaxAmountCents)
        {
            Fail(name, $"{name} must be whole cents from {min} to {ServiceDefaults.Web.RequestBounds.MaxAmountCents}");
            return fallback ?? 0;
        }
        return cents;
    }

    public DateOnly Date(string name)
    {
        if (!Has(name)) { Fail(name, $"{name} (yyyy-MM-dd) is required"); return default; }
        return ParseDate(name, values[name]);
    }

    public DateOnly? OptionalDate(string name) => Has(name) ? ParseDate(name, values[name]) : null;

    private DateOnly ParseDate(string name, string text)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Fail(name, $"'{text}' is not a date (yyyy-MM-dd)");
            return default;
        }
        if (ServiceDefaults.Web.RequestBounds.DayProblem(day) is { } far) Fail(name, $"{name} {far}");
        return day;
    }

    public bool Bool(string name, bool fallback)
    {
        if (!Has(name)) return fallback;
        if (bool.TryParse(values[name], out var b)) return b;
        Fail(name, $"{name} must be true or false");
        return fallback;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (!Has(name)) return fallback;
        if (int.TryParse(values[name], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        Fail(name, $"{name} must be a whole number from {min} to {max}");
        return fallback;
    }

    // A percentage or points, at most four decimals, within [min, max].
    public decimal Percent(string name, decimal fallback, decimal min, decimal max)
    {
        if (!Has(name)) return fallback;
        if (decimal.TryParse(values[name], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p)
            && p >= min && p <= max && decimal.Round(p, 4) == p) return p;
        Fail(name, $"{name} must be a number from {min} to {max} with at most 4 decimals");
        return fallback;
    }

    public T Choice<T>(string name, T fallback) where T : struct, Enum
    {
        if (!Has(name)) return fallback;
        if (Enum.TryParse<T>(values[name], ignoreCase: true, out var choice) && Enum.IsDefined(choice)) return choice;
        Fail(name, $"{name} must be one of {string.Join(", ", Enum.GetNames<T>())}");
        return fallback;
    }

    public ItalianCalendar Calendar(string name = "patronSaint")
    {
        if (!Has(name)) return ItalianCalendar.National;
        if (ItalianCalendar.TryParseMonthDay(values[name], out var month, out var day)) return new ItalianCalendar(month, day);
        Fail(name, $"{name} must be MM-dd");
        return ItalianCalendar.National;
    }

    // A JSON array of objects, for lists such as the instalments of a plan.
    public IReadOnlyList<IReadOnlyDictionary<string, string>> List(string name)
    {
        if (!Has(name)) return [];
        try
        {
            using var doc = JsonDocument.Parse(values[name]);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException();
            return doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object
                ? (IReadOnlyDictionary<string, string>)e.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value))
                : throw new JsonException()).ToList();
        }
        catch (JsonException)
        {
            Fail(name, $"{name} must be a JSON array of objects");
            return [];
        }
    }

    // A JSON value as the text the getters read: strings unquoted, numbers and booleans as written, anything else as
    // JSON.
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
