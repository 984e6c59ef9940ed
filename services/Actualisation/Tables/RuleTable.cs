using System.Text.Json;
using Actualisation.Rules.Formal;

namespace Actualisation.Tables;

// One version of an EC's rule table for a revenue type: the formal rule, the inputs it fixes for every notice
// (reduction, caps, surcharge mode, patron saint, costs…) and the legal interest rates. Versions are never changed:
// each change adds one, with who made it and when (the audit trail).
internal sealed class RuleTable
{
    private RuleTable() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string RevenueType { get; private set; } = "";
    public int Version { get; private set; }
    public string Rule { get; private set; } = "";
    // jsonb object of input name → text value.
    public string Parameters { get; private set; } = "{}";
    // jsonb array of {from, ratePercent}, or null for the statutory rates.
    public string? LegalRates { get; private set; }
    public bool AppliesToOpenPositions { get; private set; }
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
    public string? Note { get; private set; }

    public static RuleTable Create(string organization, string revenueType, int version, string rule,
        IReadOnlyDictionary<string, string> parameters, IReadOnlyList<RateRow>? rates, bool appliesToOpen, string changedBy, DateTimeOffset now, string? note) => new()
    {
        OrganizationFiscalCode = organization,
        RevenueType = revenueType,
        Version = version,
        Rule = rule,
        Parameters = JsonSerializer.Serialize(parameters, JsonSerializerOptions.Web),
        LegalRates = rates is null ? null : JsonSerializer.Serialize(rates, JsonSerializerOptions.Web),
        AppliesToOpenPositions = appliesToOpen,
        ChangedBy = changedBy,
        ChangedAt = now,
        Note = note,
    };

    public IReadOnlyDictionary<string, string> ReadParameters() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(Parameters, JsonSerializerOptions.Web) ?? [];

    public LegalInterestRates ReadRates() => LegalRates is null
        ? LegalInterestRates.Italy
        : new LegalInterestRates(JsonSerializer.Deserialize<List<RateRow>>(LegalRates, JsonSerializerOptions.Web)!);
}
