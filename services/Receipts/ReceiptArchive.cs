using Contracts.NodeAdapter;
using Contracts.Receipts;
using Microsoft.EntityFrameworkCore;
using Receipts.Webhooks;
using ServiceDefaults.Messaging;

namespace Receipts;

// The one way into the legal archive, whoever brought the receipt (the Node's paSendRT through the NodeAdapter, or
// the recovery job from biz-events): one receipt per (EC, receipt id), announced once, its webhooks queued, all in
// the caller's unit of work.
internal static class ReceiptArchive
{
    // Adds the receipt, its PaymentRecorded and its webhooks to db; null when it is already archived.
    public static async Task<Receipt?> AddAsync(ReceiptsDb db, ReceiptReceived received, TimeProvider time, CancellationToken ct, bool recovered = false)
    {
        var known = await db.Receipts.AnyAsync(r => r.OrganizationFiscalCode == received.OrganizationFiscalCode
                                                    && r.ReceiptId == received.ReceiptId, ct);
        if (known) return null;

        var receipt = Receipt.Record(received, time.GetUtcNow());
        db.Receipts.Add(receipt);
        db.AddToOutbox(new PaymentRecorded(
            received.OrganizationFiscalCode, received.Iuv, received.NoticeNumber, received.ReceiptId,
            received.AmountCents, received.PaymentDateTime, received.PspId, received.StandIn,
            received.Transfers.Select(t => new PaidTransfer(t.IdTransfer, t.FiscalCodePA, t.AmountCents, t.Iban, t.Category)).ToList(),
            receipt.RecordedAt), time);
        await WebhookEvent.RaiseAsync(db, received.OrganizationFiscalCode, WebhookEventTypes.ReceiptArchived, received.ReceiptId,
            ReceiptArchivedData.From(received, receipt.RecordedAt, recovered), receipt.RecordedAt, ct);
        return receipt;
    }
}
