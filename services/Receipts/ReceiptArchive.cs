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
        return known ? null : Add(db, received, time, recovered);
    }

    // The same for a batch, with one lookup: each receipt not archived yet is added once, however many copies arrive.
    public static async Task AddAllAsync(ReceiptsDb db, IReadOnlyList<ReceiptReceived> batch, TimeProvider time, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var organizations = batch.Select(r => r.OrganizationFiscalCode).Distinct().ToList();
        var ids = batch.Select(r => r.ReceiptId).Distinct().ToList();
        var known = (await db.Receipts.Where(r => organizations.Contains(r.OrganizationFiscalCode) && ids.Contains(r.ReceiptId))
            .Select(r => new { r.OrganizationFiscalCode, r.ReceiptId }).ToListAsync(ct))
            .Select(r => (r.OrganizationFiscalCode, r.ReceiptId)).ToHashSet();
        foreach (var received in batch.DistinctBy(r => (r.OrganizationFiscalCode, r.ReceiptId)))
            if (!known.Contains((received.OrganizationFiscalCode, received.ReceiptId))) Add(db, received, time, recovered: false);
    }

    private static Receipt Add(ReceiptsDb db, ReceiptReceived received, TimeProvider time, bool recovered)
    {
        var receipt = Receipt.Record(received, time.GetUtcNow());
        db.Receipts.Add(receipt);
        db.AddToOutbox(new PaymentRecorded(
            received.OrganizationFiscalCode, received.Iuv, received.NoticeNumber, received.ReceiptId,
            received.AmountCents, received.PaymentDateTime, received.PspId, received.StandIn,
            received.Transfers.Select(t => new PaidTransfer(t.IdTransfer, t.FiscalCodePA, t.AmountCents, t.Iban, t.Category)).ToList(),
            receipt.RecordedAt), time);
        WebhookEvent.Raise(db, received.OrganizationFiscalCode, WebhookEventTypes.ReceiptArchived, received.ReceiptId,
            ReceiptArchivedData.From(received, receipt.RecordedAt, recovered), receipt.RecordedAt);
        return receipt;
    }
}
