using Contracts.Receipts;
using Contracts.Reporting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;

namespace Reporting.Consumers;

/// <summary>
/// Stores the paid transfers of a recorded payment and matches the flow rows that reported them before
/// the receipt arrived (flows can come first), announcing the newly reconciled transfers per flow.
/// </summary>
internal sealed class PaymentRecordedConsumer(ReportingDb db, ReportingMetrics metrics, TimeProvider time) : IConsumer<PaymentRecorded>
{
    public async Task Consume(ConsumeContext<PaymentRecorded> context)
    {
        var payment = context.Message;
        var (org, ct, now) = (payment.OrganizationFiscalCode, context.CancellationToken, time.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockOrganizationForReceiptAsync(org, ct);
        // Natural key: the same payment announced again under another message id changes nothing.
        if (await db.PaidTransfers.AnyAsync(t => t.OrganizationFiscalCode == org && t.Iuv == payment.Iuv && t.ReceiptId == payment.ReceiptId, ct))
            return;

        var transfers = PaidTransfer.From(payment, now).ToList();
        db.PaidTransfers.AddRange(transfers);
        var rows = await db.FlowRows
            .Where(r => r.OrganizationFiscalCode == org && r.Iuv == payment.Iuv && r.Iur == payment.ReceiptId && r.MatchStatus == MatchStatus.Unmatched)
            .OrderBy(r => r.Id).ToListAsync(ct);
        var flowIds = rows.Select(r => r.FlowId).Distinct().ToList();
        var flows = await db.Flows.Where(f => f.OrganizationFiscalCode == org && flowIds.Contains(f.FlowId)).ToDictionaryAsync(f => f.FlowId, ct);
        var reconciled = new Dictionary<string, List<ReconciledTransfer>>();
        foreach (var row in rows)
        {
            if (!row.Evaluate(transfers.FirstOrDefault(t => t.IdTransfer == row.IdTransfer), now)) continue;
            if (!reconciled.TryGetValue(row.FlowId, out var list)) reconciled[row.FlowId] = list = [];
            list.Add(new ReconciledTransfer(row.Iuv, row.Iur, row.IdTransfer, row.AmountCents, flows[row.FlowId].RegulationDate));
        }
        foreach (var (flowId, list) in reconciled) db.AddToOutbox(new TransfersReconciled(org, flowId, list, now), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        metrics.Reconciled(reconciled.Sum(r => r.Value.Count));
    }
}
