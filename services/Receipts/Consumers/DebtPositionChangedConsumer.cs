using Contracts.DebtPositions;
using MassTransit;
using Receipts.Webhooks;
using ServiceDefaults.Messaging;

namespace Receipts.Consumers;

// Turns positions' status changes into position.status-changed webhooks (content-only updates are not status changes),
// a batch at a time: one transaction for the batch's webhooks and inbox rows (ADR 0063). Every change raises its own
// webhook, in the batch's order: an EC is told of each status a position went through.
internal sealed class DebtPositionChangedConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<Batch<DebtPositionChanged>>
{
    public Task Consume(ConsumeContext<Batch<DebtPositionChanged>> context) =>
        db.ConsumeBatchAsync(context, time, async changes =>
        {
            var ct = context.CancellationToken;
            foreach (var changed in changes.Where(c => c.Change != DebtPositionChanges.Updated))
                WebhookEvent.Raise(db, changed.Position.OrganizationFiscalCode, WebhookEventTypes.PositionStatusChanged,
                    changed.Position.Iupd, PositionStatusChangedData.From(changed), time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        });
}
