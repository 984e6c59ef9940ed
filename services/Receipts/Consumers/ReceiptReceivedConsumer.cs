using Contracts.NodeAdapter;
using Contracts.Receipts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Receipts.Webhooks;
using ServiceDefaults.Messaging;

namespace Receipts.Consumers;

/// <summary>Archives a receipt once, announces the payment, and queues its webhooks in the same transaction.</summary>
internal sealed class ReceiptReceivedConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<ReceiptReceived>
{
    public async Task Consume(ConsumeContext<ReceiptReceived> context)
    {
        var received = context.Message;
        var ct = context.CancellationToken;
        // Successful payments only: the Node sends receipts only for them, a KO would be an anomaly.
        if (received.Outcome != "OK") return;
        var known = await db.Receipts.AnyAsync(r => r.OrganizationFiscalCode == received.OrganizationFiscalCode
                                                    && r.ReceiptId == received.ReceiptId, ct);
        if (known) return;

        var receipt = Receipt.Record(received, time.GetUtcNow());
        db.Receipts.Add(receipt);
        db.AddToOutbox(new PaymentRecorded(
            received.OrganizationFiscalCode, received.Iuv, received.NoticeNumber, received.ReceiptId,
            received.AmountCents, received.PaymentDateTime, received.PspId, received.StandIn,
            received.Transfers.Select(t => new PaidTransfer(t.IdTransfer, t.FiscalCodePA, t.AmountCents, t.Iban, t.Category)).ToList(),
            receipt.RecordedAt), time);
        await WebhookEvent.RaiseAsync(db, received.OrganizationFiscalCode, WebhookEventTypes.ReceiptArchived, received.ReceiptId,
            ReceiptArchivedData.From(received, receipt.RecordedAt), receipt.RecordedAt, ct);
        await db.SaveChangesAsync(ct);
    }
}
