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
        var position = await db.NoticePositions.Include(p => p.Navs)
            .SingleOrDefaultAsync(p => p.OrganizationFiscalCode == snapshot.OrganizationFiscalCode && p.Iupd == snapshot.Iupd,
                context.CancellationToken);
        if (position is null) db.NoticePositions.Add(NoticePosition.From(snapshot, time.GetUtcNow()));
        else if (!position.Apply(snapshot, time.GetUtcNow())) return;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
