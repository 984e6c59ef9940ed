using System.Text.Json;
using Contracts.Actualisation;
using Microsoft.EntityFrameworkCore;

namespace IuvIssuance.Notices;

// The amount due on one notice over time, as Actualisation last computed it.
internal sealed class NoticeSchedule
{
    private NoticeSchedule() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    // Also the optimistic concurrency token: racing deliveries cannot both win.
    public long PositionVersion { get; private set; }
    public string Steps { get; private set; } = "";
    // When Actualisation computed it: between two schedules of one position version, the later one wins.
    public DateTimeOffset? ComputedAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }

    public static NoticeSchedule From(AmountScheduleComputed computed, DateTimeOffset now)
    {
        var schedule = new NoticeSchedule
        {
            OrganizationFiscalCode = computed.OrganizationFiscalCode,
            Iuv = computed.Iuv,
            PositionVersion = long.MinValue,
        };
        schedule.Apply(computed, now);
        return schedule;
    }

    // Takes a schedule computed from a newer position version, or recomputed later for the same version (a new day, a
    // rule table applied); an older one changes nothing.
    public bool Apply(AmountScheduleComputed computed, DateTimeOffset now)
    {
        if (computed.PositionVersion < PositionVersion) return false;
        if (computed.PositionVersion == PositionVersion && ComputedAt is { } known && computed.OccurredAt <= known) return false;
        Iupd = computed.Iupd;
        PositionVersion = computed.PositionVersion;
        ComputedAt = computed.OccurredAt;
        Steps = JsonSerializer.Serialize(computed.Steps, JsonSerializerOptions.Web);
        ReceivedAt = now;
        return true;
    }

    public static IReadOnlyList<AmountStep> ReadSteps(string json) =>
        JsonSerializer.Deserialize<List<AmountStep>>(json, JsonSerializerOptions.Web)!;

    // The schedules of the given positions' notices, by IUV.
    public static async Task<Dictionary<string, IReadOnlyList<AmountStep>>> ForPositionsAsync(
        IuvDb db, string organizationFiscalCode, IReadOnlyCollection<string> iupds, CancellationToken ct)
    {
        var rows = await db.NoticeSchedules.AsNoTracking()
            .Where(s => s.OrganizationFiscalCode == organizationFiscalCode && iupds.Contains(s.Iupd))
            .Select(s => new { s.Iuv, s.Steps })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Iuv, r => ReadSteps(r.Steps), StringComparer.Ordinal);
    }
}
