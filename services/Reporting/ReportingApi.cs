using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Reporting;

// Flows, their rows and match status, anomalies and totals of one EC.
internal static class ReportingApi
{
    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reporting/organizations/{organizationFiscalCode}").WithTags("Reporting");
        group.MapGet("/flows", ListFlows);
        group.MapGet("/flows/{flowId}", GetFlow);
        group.MapGet("/anomalies", ListAnomalies);
        group.MapGet("/totals", GetTotals);
        group.MapGet("/transfers", ListTransfers);
        return app;
    }

    // Flows, newest first, each with its declared and computed totals and how much of it matched.
    private static async Task<Ok<FlowSummary[]>> ListFlows(string organizationFiscalCode, ReportingDb db, CancellationToken ct, int limit = 100) =>
        TypedResults.Ok(await ReportingQueries.FlowSummariesAsync(db, organizationFiscalCode, null, Math.Clamp(limit, 1, 1000), ct));

    private static async Task<Results<Ok<FlowDetail>, ProblemHttpResult>> GetFlow(
        string organizationFiscalCode, string flowId, ReportingDb db, CancellationToken ct)
    {
        var summary = (await ReportingQueries.FlowSummariesAsync(db, organizationFiscalCode, flowId, 1, ct)).SingleOrDefault();
        if (summary is null)
            return TypedResults.Problem($"No flow {flowId} for organization {organizationFiscalCode}", statusCode: 404, title: "Flow not found");
        var rows = await db.FlowRows.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.FlowId == flowId)
            .OrderBy(r => r.RowIndex).ThenBy(r => r.Id)
            .Select(r => new RowView(r.RowIndex, r.Iuv, r.Iur, r.IdTransfer, r.AmountCents, r.Outcome, r.PayDate, r.MatchStatus, r.Anomaly, r.MatchedAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(new FlowDetail(summary, rows));
    }

    // Open anomalies: rows classified as such in current flow revisions, and flows with inconsistent totals.
    private static async Task<Results<Ok<AnomalyView[]>, ValidationProblem>> ListAnomalies(
        string organizationFiscalCode, string? kind, string? flowId, ReportingDb db, CancellationToken ct, int limit = 100)
    {
        if (kind is not null && !AnomalyKind.All.Contains(kind))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"one of {string.Join(", ", AnomalyKind.All)}"] });
        var take = Math.Clamp(limit, 1, 1000);
        var anomalies = new List<AnomalyView>();
        if (kind is null or AnomalyKind.TotalsMismatch)
        {
            var flows = await db.Flows.AsNoTracking()
                .Where(f => f.OrganizationFiscalCode == organizationFiscalCode && (flowId == null || f.FlowId == flowId)
                            && (f.DeclaredTotalPayments != f.RowCount || f.DeclaredTotalAmountCents != f.RowAmountCents))
                .OrderByDescending(f => f.ReceivedAt).Take(take).ToListAsync(ct);
            anomalies.AddRange(flows.Select(f => new AnomalyView(AnomalyKind.TotalsMismatch, f.FlowId, null, null, null, null, null, null, null,
                $"declared {f.DeclaredTotalPayments} payments / {f.DeclaredTotalAmountCents} cents, rows {f.RowCount} / {f.RowAmountCents}")));
        }
        if (kind is not AnomalyKind.TotalsMismatch)
        {
            anomalies.AddRange(await db.FlowRows.AsNoTracking()
                .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.Anomaly != null
                            && (kind == null || r.Anomaly == kind) && (flowId == null || r.FlowId == flowId))
                .OrderByDescending(r => r.Id).Take(take)
                .Select(r => new AnomalyView(r.Anomaly!, r.FlowId, r.RowIndex, r.Iuv, r.Iur, r.IdTransfer, r.AmountCents, r.Outcome, r.MatchStatus, null))
                .ToListAsync(ct));
        }
        return TypedResults.Ok(anomalies.Take(take).ToArray());
    }

    // Totals per flow and what the receipts say has been paid but not yet reported.
    private static async Task<Ok<TotalsView>> GetTotals(string organizationFiscalCode, ReportingDb db, CancellationToken ct)
    {
        var flows = await ReportingQueries.FlowSummariesAsync(db, organizationFiscalCode, null, 1000, ct);
        var pending = await db.PaidTransfers.AsNoTracking()
            .Where(t => t.OrganizationFiscalCode == organizationFiscalCode && t.ReconciledFlowId == null)
            .GroupBy(_ => 1).Select(g => new { Count = g.LongCount(), Amount = g.Sum(t => t.AmountCents) }).SingleOrDefaultAsync(ct);
        return TypedResults.Ok(new TotalsView(flows, pending?.Count ?? 0, pending?.Amount ?? 0));
    }

    // Paid transfers, optionally only those not yet (or already) reconciled.
    private static async Task<Ok<TransferView[]>> ListTransfers(
        string organizationFiscalCode, bool? reconciled, string? iuv, ReportingDb db, CancellationToken ct, int limit = 100)
    {
        var query = db.PaidTransfers.AsNoTracking().Where(t => t.OrganizationFiscalCode == organizationFiscalCode);
        if (reconciled is { } r) query = r ? query.Where(t => t.ReconciledFlowId != null) : query.Where(t => t.ReconciledFlowId == null);
        if (!string.IsNullOrEmpty(iuv)) query = query.Where(t => t.Iuv == iuv);
        return TypedResults.Ok(await query.OrderByDescending(t => t.RecordedAt).Take(Math.Clamp(limit, 1, 1000))
            .Select(t => new TransferView(t.Iuv, t.ReceiptId, t.IdTransfer, t.AmountCents, t.PaymentDateTime, t.PspId, t.StandIn,
                t.ReconciledFlowId, t.ReconciledAt))
            .ToArrayAsync(ct));
    }
}
