using Contracts.Reporting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Receipts.Recovery;
using Receipts.Webhooks;

namespace Receipts.Consumers;

// Turns a flow's anomalies into a reconciliation.anomaly webhook, and opens a recovery for every payment the flow
// reports whose receipt is not in the archive (ADR 0025).
internal sealed class ReconciliationAnomaliesConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<ReconciliationAnomaliesFound>
{
    public async Task Consume(ConsumeContext<ReconciliationAnomaliesFound> context)
    {
        var (found, ct, now) = (context.Message, context.CancellationToken, time.GetUtcNow());
        var org = found.OrganizationFiscalCode;
        var missing = found.Anomalies.Where(RecoveryCandidates.Wants).DistinctBy(a => (a.Iur, a.Iuv)).ToList();
        var iurs = missing.Select(a => a.Iur!).ToList();
        var archived = await db.Receipts.Where(r => r.OrganizationFiscalCode == org && iurs.Contains(r.ReceiptId))
            .Select(r => r.ReceiptId).ToListAsync(ct);
        var open = await db.ReceiptRecoveries.Where(r => r.OrganizationFiscalCode == org && iurs.Contains(r.Iur))
            .Select(r => new { r.Iur, r.Iuv }).ToListAsync(ct);
        foreach (var anomaly in missing)
        {
            if (archived.Contains(anomaly.Iur!) || open.Any(r => r.Iur == anomaly.Iur && r.Iuv == anomaly.Iuv)) continue;
            db.ReceiptRecoveries.Add(ReceiptRecovery.Open(org, anomaly.Iuv!, anomaly.Iur!, found.FlowId, anomaly.Kind, now));
        }
        WebhookEvent.Raise(db, org, WebhookEventTypes.ReconciliationAnomaly, found.FlowId,
            ReconciliationAnomalyData.From(found), now);
        await db.SaveChangesAsync(ct);
    }
}
