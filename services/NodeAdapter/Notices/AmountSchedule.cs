using System.Data.Common;
using System.Text.Json;
using Contracts.Actualisation;

namespace NodeAdapter.Notices;

// The amount schedule of one notice, as last computed by Actualisation (highest position version, then latest
// computation, wins).
internal sealed class AmountSchedule
{
    private AmountSchedule() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public long PositionVersion { get; private set; }
    public DateTimeOffset? ComputedAt { get; private set; }
    public string Steps { get; private set; } = "[]";
    public DateTimeOffset UpdatedAt { get; private set; }

    public static AmountSchedule Create(AmountScheduleComputed computed, DateTimeOffset now)
    {
        var schedule = new AmountSchedule { OrganizationFiscalCode = computed.OrganizationFiscalCode, Iuv = computed.Iuv };
        schedule.Apply(computed, now);
        return schedule;
    }

    // Three columns (position_version, steps, updated_at) of NoticeLookup's statement, from first.
    public static AmountSchedule FromRow(string organizationFiscalCode, string iuv, DbDataReader row, int first) => new()
    {
        OrganizationFiscalCode = organizationFiscalCode,
        Iuv = iuv,
        PositionVersion = row.GetInt64(first),
        Steps = row.GetString(first + 1),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(first + 2),
    };

    // Takes a schedule computed from a newer position version, or recomputed later for the same version; an older one
    // changes nothing. IuvIssuance's NoticeSchedule.Apply keeps the same rule.
    public bool Apply(AmountScheduleComputed computed, DateTimeOffset now)
    {
        if (PositionVersion != 0 && computed.PositionVersion < PositionVersion) return false;
        if (PositionVersion != 0 && computed.PositionVersion == PositionVersion && ComputedAt is { } known && computed.OccurredAt <= known)
            return false;
        PositionVersion = computed.PositionVersion;
        ComputedAt = computed.OccurredAt;
        Steps = JsonSerializer.Serialize(computed.Steps, JsonSerializerOptions.Web);
        UpdatedAt = now;
        _parsedSteps = null;
        return true;
    }

    // Parsed once per instance (a cached schedule answers many calls); Apply drops it. Not EF-mapped.
    private IReadOnlyList<AmountStep>? _parsedSteps;

    public IReadOnlyList<AmountStep> GetSteps() =>
        _parsedSteps ??= JsonSerializer.Deserialize<List<AmountStep>>(Steps, JsonSerializerOptions.Web)!.AsReadOnly();
}
