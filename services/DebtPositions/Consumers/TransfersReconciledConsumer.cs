using Contracts.Reporting;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Consumers;

// Transfers matched between receipts and a reporting flow. Each report is recorded first (natural key EC + IUV +
// idTransfer, first flow wins), then applied to the positions whose payment is known; a report that precedes its
// receipt waits in the table for PaymentRecordedConsumer.
internal sealed class TransfersReconciledConsumer(DebtPositionsDb db, TimeProvider time) : IConsumer<TransfersReconciled>
{
    public async Task Consume(ConsumeContext<TransfersReconciled> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        var iuvs = m.Transfers.Select(t => t.Iuv).Distinct().ToList();
        var positionIds = await db.PaymentOptions.Where(o => o.OrganizationFiscalCode == m.OrganizationFiscalCode && iuvs.Contains(o.Iuv))
            .Select(o => o.PositionId).Distinct().ToListAsync(ct);
        // Positions that re-issued a reported notice: their successors may have been settled by its receipt (ADR 0050), and are
        // locked with them, in the one ascending order.
        var successors = await db.Positions.Where(p => positionIds.Contains(p.Id) && p.ReissuedAs != null).Select(p => p.ReissuedAs!).ToListAsync(ct);
        if (successors.Count > 0)
            positionIds.AddRange(await db.Positions.Where(p => p.OrganizationFiscalCode == m.OrganizationFiscalCode && successors.Contains(p.Iupd))
                .Select(p => p.Id).ToListAsync(ct));
        await using var tx = await db.LockPositionsAsync(positionIds, ct);
        var known = await db.ReportedTransfers.Where(r => r.OrganizationFiscalCode == m.OrganizationFiscalCode && iuvs.Contains(r.Iuv)).ToListAsync(ct);
        var reports = new List<ReportedTransfer>(known);
        foreach (var t in m.Transfers.DistinctBy(t => (t.Iuv, t.IdTransfer)))
        {
            if (known.Any(r => r.Iuv == t.Iuv && r.IdTransfer == t.IdTransfer)) continue;
            var report = ReportedTransfer.Of(m.OrganizationFiscalCode, t.Iuv, t.IdTransfer, t.ReceiptId, m.FlowId, t.AmountCents, t.RegulationDate, now);
            db.ReportedTransfers.Add(report);
            reports.Add(report);
        }

        var positions = await db.Positions.Where(p => positionIds.Contains(p.Id))
            .Whole().ToListAsync(ct);
        var cause = "flow:" + m.FlowId;
        foreach (var position in positions)
        {
            if (position.ApplyReports(reports, cause, now)) db.PublishChange(position, cause, time);
        }
        foreach (var old in positions.Where(p => p.ReissuedAs is not null))
        {
            var successor = positions.Find(p => p.Iupd == old.ReissuedAs);
            if (successor is null) continue;
            var changed = false;
            foreach (var (receiptId, flowId) in old.ReportedReceipts()) changed |= successor.ReportWithPredecessor(receiptId, flowId, cause, now);
            if (changed) db.PublishChange(successor, cause, time);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
