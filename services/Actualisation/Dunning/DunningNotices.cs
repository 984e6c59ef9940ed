using Actualisation.Consumers;
using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;

namespace Actualisation.Dunning;

// Keeps dunning's copy of every notice from the position events, in the same unit of work as the schedules (one
// queue, one version guard): a paid notice, or one of a position no longer payable, is not reminded.
internal sealed class DunningNotices(ActualisationDb db, TimeProvider time)
{
    // The notices already known of positions, by (organization, IUV), in one query for a whole batch: both key columns
    // matched against their distinct values (the primary key's index serves it), the pairs not asked for dropped here.
    public async Task<IReadOnlyDictionary<(string, string), DunningNotice>> KnownAsync(IReadOnlyCollection<DebtPositionSnapshot> positions,
        CancellationToken ct)
    {
        var keys = positions.SelectMany(p => p.Options.Select(o => (p.OrganizationFiscalCode, o.Iuv))).ToHashSet();
        if (keys.Count == 0) return new Dictionary<(string, string), DunningNotice>();
        var organizations = keys.Select(k => k.OrganizationFiscalCode).Distinct().ToList();
        var iuvs = keys.Select(k => k.Iuv).Distinct().ToList();
        return (await db.Set<DunningNotice>().Where(n => organizations.Contains(n.OrganizationFiscalCode) && iuvs.Contains(n.Iuv)).ToListAsync(ct))
            .Where(n => keys.Contains((n.OrganizationFiscalCode, n.Iuv)))
            .ToDictionary(n => (n.OrganizationFiscalCode, n.Iuv));
    }

    // The caller saves. changedAt: when the event carrying position was committed; known: KnownAsync's answer for a set
    // of positions including this one.
    public void Follow(DebtPositionSnapshot position, DateTimeOffset changedAt, IReadOnlyDictionary<(string, string), DunningNotice> known)
    {
        var payable = DebtPositionChangedConsumer.Payable.Contains(position.Status);
        foreach (var option in position.Options)
        {
            if (!known.TryGetValue((position.OrganizationFiscalCode, option.Iuv), out var notice))
            {
                notice = DunningNotice.Create(position.OrganizationFiscalCode, option.Iuv);
                db.Add(notice);
            }
            notice.Follow(position, option, payable, changedAt, time.GetUtcNow());
        }
    }
}
