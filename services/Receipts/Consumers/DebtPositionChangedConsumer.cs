using Contracts.DebtPositions;
using MassTransit;
using Receipts.Webhooks;

namespace Receipts.Consumers;

// Turns a position's status change into position.status-changed webhooks (content-only updates are not status
// changes).
internal sealed class DebtPositionChangedConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<DebtPositionChanged>
{
    public async Task Consume(ConsumeContext<DebtPositionChanged> context)
    {
        var changed = context.Message;
        if (changed.Change == DebtPositionChanges.Updated) return;
        await WebhookEvent.RaiseAsync(db, changed.Position.OrganizationFiscalCode, WebhookEventTypes.PositionStatusChanged,
            changed.Position.Iupd, PositionStatusChangedData.From(changed), time.GetUtcNow(), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
