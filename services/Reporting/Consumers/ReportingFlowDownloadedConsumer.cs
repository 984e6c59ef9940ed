using Contracts.NodeAdapter;
using Contracts.Reporting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Messaging;

namespace Reporting.Consumers;

// Stores a flow revision (a later one replaces the rows of the earlier), classifies every row against the paid
// transfers already known, and announces the transfers it reconciles for the first time.
internal sealed class ReportingFlowDownloadedConsumer(ReportingDb db, ReportingMetrics metrics, TimeProvider time)
    : IConsumer<ReportingFlowDownloaded>
{
    public async Task Consume(ConsumeContext<ReportingFlowDownloaded> context)
    {
        var message = context.Message;
        var (org, ct, now) = (message.OrganizationFiscalCode, context.CancellationToken, time.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockOrganizationAsync(org, ct);

        var flow = await db.Flows.SingleOrDefaultAsync(f => f.OrganizationFiscalCode == org && f.FlowId == message.FlowId, ct);
        var isNew = flow is null;
        flow ??= ReportingFlow.Create(org, message.FlowId);
        if (!flow.Accept(message, now)) return;
        if (isNew) db.Flows.Add(flow);
        else await db.FlowRows.Where(r => r.OrganizationFiscalCode == org && r.FlowId == flow.FlowId).ExecuteDeleteAsync(ct);

        var stored = await FlowRowsMatch.StoreAsync((NpgsqlConnection)db.Database.GetDbConnection(), org, flow.FlowId, message.Payments, now, ct);
        var reconciled = new List<ReconciledTransfer>();
        var anomalies = new List<ReconciliationAnomaly>();
        foreach (var row in stored)
        {
            if (row.Reconciles) reconciled.Add(new ReconciledTransfer(row.Iuv, row.Iur, row.IdTransfer, row.AmountCents, flow.RegulationDate));
            if (row.Anomaly is not { } kind) continue;
            anomalies.Add(new(kind, row.Iuv, row.Iur, row.IdTransfer, row.AmountCents, row.Outcome, row.MatchStatus == MatchStatus.Matched));
        }
        if (!flow.TotalsConsistent)
            anomalies.Add(new(AnomalyKind.TotalsMismatch, null, null, null, null, null, false));
        if (reconciled.Count > 0) db.AddToOutbox(new TransfersReconciled(org, flow.FlowId, reconciled, now), time);
        // Receipts turns these into webhooks and recovers the receipts the Node has and we do not (issue 14).
        if (anomalies.Count > 0) db.AddToOutbox(new ReconciliationAnomaliesFound(org, flow.FlowId, anomalies, now), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var kind in anomalies.CountBy(a => a.Kind)) metrics.Anomalies(kind.Key, kind.Value);
        metrics.FlowReceived(message.Source);
        metrics.Reconciled(reconciled.Count);
    }
}
