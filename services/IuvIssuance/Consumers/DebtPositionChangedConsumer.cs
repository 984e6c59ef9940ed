using Contracts.DebtPositions;
using IuvIssuance.Notices;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IuvIssuance.Consumers;

/// <summary>
/// Keeps the notice read model: the highest version of each position wins, whatever the delivery
/// order. Two deliveries racing on one position collide on the primary key or the version token;
/// the loser is retried and then sees the winner's version.
/// </summary>
internal sealed class DebtPositionChangedConsumer(IuvDb db, TimeProvider time) : IConsumer<DebtPositionChanged>
{
    public async Task Consume(ConsumeContext<DebtPositionChanged> context)
    {
        var snapshot = context.Message.Position;
        var ct = context.CancellationToken;
        var position = await db.NoticePositions
            .SingleOrDefaultAsync(p => p.OrganizationFiscalCode == snapshot.OrganizationFiscalCode && p.Iupd == snapshot.Iupd, ct);
        if (position is null) db.NoticePositions.Add(NoticePosition.From(snapshot, time.GetUtcNow()));
        else
        {
            if (snapshot.Version <= position.Version) return;
            // Its NAV rows, by primary key from the NAVs of its stored snapshot (no index by position: ADR 0021); tracked,
            // they fill position.Navs, which Apply then replaces.
            var stored = position.StoredNavs();
            await db.NoticeNavs.Where(n => n.OrganizationFiscalCode == position.OrganizationFiscalCode && stored.Contains(n.Nav)).LoadAsync(ct);
            position.Apply(snapshot, time.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
    }
}
