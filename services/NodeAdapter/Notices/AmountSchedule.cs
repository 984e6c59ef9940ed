using System.Data.Common;
using System.Text.Json;
using Contracts.Actualisation;

namespace NodeAdapter.Notices;

/// <summary>The amount schedule of one notice, as last computed by Actualisation (highest position version wins).</summary>
internal sealed class AmountSchedule
{
    private AmountSchedule() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public long PositionVersion { get; private set; }
    public string Steps { get; private set; } = "[]";
    public DateTimeOffset UpdatedAt { get; private set; }

    public static AmountSchedule Create(AmountScheduleComputed computed, DateTimeOffset now)
    {
        var schedule = new AmountSchedule { OrganizationFiscalCode = computed.OrganizationFiscalCode, Iuv = computed.Iuv };
        schedule.Apply(computed, now);
        return schedule;
    }

    /// <summary>Three columns (position_version, steps, updated_at) of <see cref="NoticeLookup"/>'s statement, from <paramref name="first"/>.</summary>
    public static AmountSchedule FromRow(string organizationFiscalCode, string iuv, DbDataReader row, int first) => new()
    {
        OrganizationFiscalCode = organizationFiscalCode,
        Iuv = iuv,
        PositionVersion = row.GetInt64(first),
        Steps = row.GetString(first + 1),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(first + 2),
    };

    public bool Apply(AmountScheduleComputed computed, DateTimeOffset now)
    {
        if (PositionVersion != 0 && computed.PositionVersion < PositionVersion) return false;
        PositionVersion = computed.PositionVersion;
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
