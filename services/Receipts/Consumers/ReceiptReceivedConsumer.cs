using Contracts.NodeAdapter;
using MassTransit;
using ServiceDefaults.Messaging;

namespace Receipts.Consumers;

// Archives receipts once, announces each payment, and queues their webhooks, a batch at a time: one lookup and one
// transaction for the batch's receipts, events, webhooks and inbox rows (ADR 0063, ADR 0089).
internal sealed class ReceiptReceivedConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<Batch<ReceiptReceived>>
{
    public Task Consume(ConsumeContext<Batch<ReceiptReceived>> context) =>
        db.ConsumeBatchAsync(context, time, async received =>
        {
            // Successful payments only: the Node sends receipts only for them, a KO would be an anomaly.
            await ReceiptArchive.AddAllAsync(db, [.. received.Where(r => r.Outcome == "OK")], time, context.CancellationToken);
            await db.SaveChangesAsync(context.CancellationToken);
        });
}
