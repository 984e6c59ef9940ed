using System.Text.Json;
using Contracts.Actualisation;

namespace Actualisation;

// The amount schedule of one notice, as last computed and published.
internal sealed class AmountSchedule
{
    private AmountSchedule() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    public long PositionVersion { get; private set; }
    public string Rule { get; private set; } = "";
    // The steps as JSON (jsonb): exactly what AmountScheduleComputed carried.
    public string Steps { get; private set; } = "[]";
    public DateTimeOffset ComputedAt { get; private set; }
    // PostgreSQL xmin: a recompute and a position change cannot both write the same schedule.
    public uint RowVersion { get; private set; }
    // Formal rules only: the notice as the rule saw it (jsonb), so midnight and table changes can recompute it.
    public string? Input { get; private set; }
    public string? RevenueType { get; private set; }
    // The version of the EC's rule table the notice follows (null: no table, statutory defaults).
    public int? TableVersion { get; private set; }

    // Remembers what a formal-rule schedule was computed from; a constant or legacy rule forgets it.
    public void Follow(Rules.ScheduleInput? input, string? revenueType, int? tableVersion) =>
        (Input, RevenueType, TableVersion) = (input is null ? null : JsonSerializer.Serialize(input, JsonSerializerOptions.Web), revenueType, tableVersion);

    public Rules.ScheduleInput? ReadInput() => Input is null ? null : JsonSerializer.Deserialize<Rules.ScheduleInput>(Input, JsonSerializerOptions.Web);

    public static AmountSchedule Create(string organizationFiscalCode, string iuv) =>
        new() { OrganizationFiscalCode = organizationFiscalCode, Iuv = iuv };

    public IReadOnlyList<AmountStep> ReadSteps() =>
        JsonSerializer.Deserialize<List<AmountStep>>(Steps, JsonSerializerOptions.Web) ?? [];

    // Records a schedule computed from positionVersion. Returns true when the steps differ from the stored ones, i.e.
    // when the change is worth announcing.
    public bool Record(string iupd, long positionVersion, string rule, IReadOnlyList<AmountStep> steps, DateTimeOffset now)
    {
        var json = JsonSerializer.Serialize(steps, JsonSerializerOptions.Web);
        // Compare re-serialised forms: jsonb does not keep the text as written.
        var changed = ComputedAt == default || JsonSerializer.Serialize(ReadSteps(), JsonSerializerOptions.Web) != json || Rule != rule;
        (Iupd, PositionVersion) = (iupd, positionVersion);
        if (!changed) return false;
        (Rule, Steps, ComputedAt) = (rule, json, now);
        return true;
    }

    // The step in force on day (Europe/Rome calendar day).
    public static AmountStep? StepOn(IReadOnlyList<AmountStep> steps, DateOnly day) =>
        steps.FirstOrDefault(s => (s.ValidFrom is null || s.ValidFrom <= day) && (s.ValidUntil is null || day <= s.ValidUntil));
}
