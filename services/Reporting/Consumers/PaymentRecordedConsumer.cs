using Contracts.Receipts;
using Contracts.Reporting;
using MassTransit;
using Reporting.Collections;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Reporting.Consumers;

// Stores the paid transfers of recorded payments and matches the flow rows that reported them before the receipt
// arrived (flows can come first), announcing the newly reconciled transfers per payment and flow. A batch at a time
// (ADR 0063, ADR 0089): one transaction, one read of the paid transfers, one of the waiting flow rows and one of
// their flows for the whole batch; each payment is then handled exactly as it would be alone.
internal sealed class PaymentRecordedConsumer(ReportingDb db, ReportingMetrics metrics, TimeProvider time) : IConsumer<Batch<PaymentRecorded>>
{
    public Task Consume(ConsumeContext<Batch<PaymentRecorded>> context) =>
        db.ConsumeBatchAsync(context, time, async payments =>
        {
            var (ct, now) = (context.CancellationToken, time.GetUtcNow());
            await using var tx = await db.Database.BeginOwnedTransactionAsync(ct);
            var organizations = payments.Select(p => p.OrganizationFiscalCode).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var organization in organizations) await db.LockOrganizationForReceiptAsync(organization, ct);
            var fresh = await NotRecordedAsync(payments, organizations, ct);
            var reconciledCount = 0;
            var stored = new List<PaidTransfer>();
            if (fresh.Count > 0)
            {
                var iuvs = fresh.Select(p => p.Iuv).Distinct().ToList();
                var receiptIds = fresh.Select(p => p.ReceiptId).Distinct().ToList();
                var waiting = (await db.FlowRows
                        .Where(r => organizations.Contains(r.OrganizationFiscalCode) && iuvs.Contains(r.Iuv) && receiptIds.Contains(r.Iur)
                                    && r.MatchStatus == MatchStatus.Unmatched)
                        .OrderBy(r => r.Id).ToListAsync(ct))
                    .ToLookup(r => (r.OrganizationFiscalCode, r.Iuv, r.Iur));
                var flowIds = waiting.SelectMany(g => g).Select(r => r.FlowId).Distinct().ToList();
                var flows = await db.Flows.Where(f => organizations.Contains(f.OrganizationFiscalCode) && flowIds.Contains(f.FlowId))
                    .ToDictionaryAsync(f => (f.OrganizationFiscalCode, f.FlowId), ct);
                foreach (var payment in fresh)
                    reconciledCount += Record(payment, waiting[(payment.OrganizationFiscalCode, payment.Iuv, payment.ReceiptId)], flows, stored, now);
            }
            await db.SaveChangesAsync(ct);
            // After the paid transfers are stored: a copy of a payment another batch stored meanwhile fails on their key first.
            if (stored.Count > 0) await DayCollections.AddAsync(db, stored, ct);
            await tx.CommitAsync(ct);
            metrics.Reconciled(reconciledCount);
        });

    // Natural key: the same payment announced again under another message id, or twice in the batch, changes nothing.
    private async Task<List<PaymentRecorded>> NotRecordedAsync(IReadOnlyList<PaymentRecorded> payments, List<string> organizations, CancellationToken ct)
    {
        var iuvs = payments.Select(p => p.Iuv).Distinct().ToList();
        var receiptIds = payments.Select(p => p.ReceiptId).Distinct().ToList();
        var known = (await db.PaidTransfers
                .Where(t => organizations.Contains(t.OrganizationFiscalCode) && iuvs.Contains(t.Iuv) && receiptIds.Contains(t.ReceiptId))
                .Select(t => new { t.OrganizationFiscalCode, t.Iuv, t.ReceiptId }).Distinct().ToListAsync(ct))
            .Select(t => (t.OrganizationFiscalCode, t.Iuv, t.ReceiptId)).ToHashSet();
        return [.. payments.DistinctBy(p => (p.OrganizationFiscalCode, p.Iuv, p.ReceiptId))
            .Where(p => !known.Contains((p.OrganizationFiscalCode, p.Iuv, p.ReceiptId)))];
    }

    // Adds the payment's transfers (to the batch's stored ones too), matches its waiting flow rows and announces them per
    // flow; the number matched.
    private int Record(PaymentRecorded payment, IEnumerable<FlowRow> rows, Dictionary<(string, string), ReportingFlow> flows,
        List<PaidTransfer> stored, DateTimeOffset now)
    {
        var org = payment.OrganizationFiscalCode;
        var transfers = PaidTransfer.From(payment, now).ToList();
        db.PaidTransfers.AddRange(transfers);
        stored.AddRange(transfers);
        var reconciled = new Dictionary<string, List<ReconciledTransfer>>();
        foreach (var row in rows)
        {
            if (!row.Evaluate(transfers.FirstOrDefault(t => t.IdTransfer == row.IdTransfer), now)) continue;
            if (!reconciled.TryGetValue(row.FlowId, out var list)) reconciled[row.FlowId] = list = [];
            list.Add(new ReconciledTransfer(row.Iuv, row.Iur, row.IdTransfer, row.AmountCents, flows[(org, row.FlowId)].RegulationDate));
        }
        foreach (var (flowId, list) in reconciled) db.AddToOutbox(new TransfersReconciled(org, flowId, list, now), time);
        return reconciled.Sum(r => r.Value.Count);
    }
}
