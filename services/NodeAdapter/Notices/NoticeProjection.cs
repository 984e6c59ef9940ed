using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;

namespace NodeAdapter.Notices;

/// <summary>
/// Applies a position snapshot to the read model: every option replaces its row when the version is
/// higher; options missing from a newer snapshot are withdrawn. Order of arrival never matters.
/// The caller saves.
/// </summary>
internal static class NoticeProjection
{
    public static async Task ApplyAsync(NodeAdapterDb db, DebtPositionSnapshot position, DateTimeOffset now, CancellationToken ct)
    {
        var iuvs = position.Options.Select(o => o.Iuv).ToList();
        var known = await db.Notices
            .Where(n => n.OrganizationFiscalCode == position.OrganizationFiscalCode && (n.Iupd == position.Iupd || iuvs.Contains(n.Iuv)))
            .ToDictionaryAsync(n => n.Iuv, ct);

        // A position's notices all carry its latest version: a snapshot older than that is late, and an option of it
        // that the read model does not hold was replaced by the newer version: kept, but withdrawn, never payable.
        var latest = known.Values.Where(n => n.Iupd == position.Iupd).Select(n => n.PositionVersion).DefaultIfEmpty(0).Max();
        foreach (var option in position.Options)
        {
            if (known.TryGetValue(option.Iuv, out var notice)) notice.Apply(position, option, now);
            else
            {
                var added = PayableNotice.Create(position, option, now);
                if (latest > position.Version) added.Withdraw(latest, now);
                db.Notices.Add(added);
            }
        }
        foreach (var gone in known.Values.Where(n => n.Iupd == position.Iupd && !iuvs.Contains(n.Iuv)))
            gone.Withdraw(position.Version, now);
    }
}
