using Contracts.Reporting;
using MassTransit;
using Receipts.Webhooks;

namespace Receipts.Consumers;

// Turns a reconciled flow into flow.reconciled webhooks.
internal sealed class TransfersReconciledConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<TransfersReconciled>
{
    public async Task Consume(ConsumeContext<TransfersReconciled> context)
    {
        var reconciled = context.Message;
        WebhookEvent.Raise(db, reconciled.OrganizationFiscalCode, WebhookEventTypes.FlowReconciled, reconciled.FlowId,
            FlowReconciledData.From(reconciled), time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
