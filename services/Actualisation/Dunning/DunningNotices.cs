using Actualisation.Consumers;
using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;

namespace Actualisation.Dunning;

// Keeps dunning's copy of every notice from the position events, in the same unit of work as the schedules (one
// queue, one version guard): a paid notice, or one of a position no longer payable, is not reminded.
internal sealed class DunningNotices(ActualisationDb db, TimeProvider time)
{
    // The caller saves. changedAt: when the event carrying position was committed.
    public async Task FollowAsync(DebtPositionSnapshot position, DateTimeOffset changedAt, CancellationToken ct)
    {
        var iuvs = position.Options.Select(o => o.Iuv).ToList();
        var known = await db.Set<DunningNotice>()
            .Where(n => n.OrganizationFiscalCode == position.OrganizationFiscalCode && iuvs.Contains(n.Iuv)).ToDictionaryAsync(n => n.Iuv, ct);
        var payable = DebtPositionChangedConsumer.Payable.Contains(position.Status);
        foreach (var option in position.Options)
        {
            if (!known.TryGetValue(option.Iuv, out var notice))
            {
                notice = DunningNotice.Create(position.OrganizationFiscalCode, option.Iuv);
                db.Add(notice);
            }
            notice.Follow(position, option, payable, changedAt, time.GetUtcNow());
        }
    }
}
