using Contracts.NodeAdapter;
using MassTransit;

namespace Receipts.Consumers;

// Archives a receipt once, announces the payment, and queues its webhooks in the same transaction.
internal sealed class ReceiptReceivedConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<ReceiptReceived>
{
    public async Task Consume(ConsumeContext<ReceiptReceived> context)
    {
        // Successful payments only: the Node sends receipts only for them, a KO would be an anomaly.
        if (context.Message.Outcome != "OK") return;
        if (await ReceiptArchive.AddAsync(db, context.Message, time, context.CancellationToken) is null) return;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
