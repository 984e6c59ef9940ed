using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reporting.Treasury;

namespace Reporting.Classification;

// The three-way picture of one EC: per payment, per flow, anomalies with filters, and a summary per day.
internal static class ReconciliationApi
{
    // Labels that need an operator; the others say things agree (or only wait for the next source).
    private static readonly string[] AnomalyLabels =
        ["DOPPI", "RT_NO_IUF", "RT_NO_IUD", "IUV_NO_RT", "TES_NO_IUF_OR_IUV", "IUF_NO_TES", "IUF_TES_DIV_IMP", "IUD_NO_RT", "TES_NO_MATCH", "UNKNOWN"];

    public static IEndpointRouteBuilder MapReconciliationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reporting/organizations/{organizationFiscalCode}/reconciliation").WithTags("Reconciliation");
        group.MapGet("/payments/{iuv}", GetPayment);
        group.MapGet("/flows/{flowId}", GetFlow);
        group.MapGet("/flows/{flowId}/provisionals", ProvisionalAllocation.GetAsync);
        group.MapGet("/anomalies", Anomalies.ListAsync);
        group.MapGet("/days", DaySummaries.ListAsync);
        group.MapGet("/collections", Reporting.Collections.DayCollections.ListAsync);
        group.MapGet("/labels", () => TypedResults.Ok(ReconciliationLabel.Meanings));
        group.MapGet("/exports/accounting", Reporting.Exports.AccountingExport.DownloadAsync);
        return app;
    }

    public static bool IsAnomaly(string label) => AnomalyLabels.Contains(label);

    private static async Task<Results<Ok<PaymentState>, ProblemHttpResult>> GetPayment(
        string organizationFiscalCode, string iuv, ReportingDb db, CancellationToken ct)
    {
        var rows = await db.TransferReconciliations.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.Iuv == iuv)
            .OrderBy(r => r.Iur).ThenBy(r => r.IdTransfer).ToListAsync(ct);
        if (rows.Count == 0)
            return TypedResults.Problem($"No receipt, flow row or paid position for IUV {iuv} of organization {organizationFiscalCode}", statusCode: 404, title: "Payment not found");
        // A payment is as far as its least advanced transfer.
        string[] order = ["expected", "reported-without-receipt", "paid", "reported", "cashed"];
        var state = rows.Select(r => r.State).MinBy(s => Array.IndexOf(order, s))!;
        return TypedResults.Ok(new PaymentState(iuv, state, rows.Select(TransferView.Of).ToArray()));
    }

    private static async Task<Results<Ok<FlowCashView>, ProblemHttpResult>> GetFlow(
        string organizationFiscalCode, string flowId, ReportingDb db, CancellationToken ct)
    {
        var flow = await db.Flows.AsNoTracking().SingleOrDefaultAsync(f => f.OrganizationFiscalCode == organizationFiscalCode && f.FlowId == flowId, ct);
        if (flow is null)
            return TypedResults.Problem($"No flow {flowId} for organization {organizationFiscalCode}", statusCode: 404, title: "Flow not found");
        var movements = await db.MovementReconciliations.AsNoTracking()
            .Where(m => m.OrganizationFiscalCode == organizationFiscalCode && m.MatchedFlowId == flowId).OrderBy(m => m.Id).ToListAsync(ct);
        var transfers = await db.TransferReconciliations.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.FlowId == flowId).OrderBy(r => r.Iuv).ThenBy(r => r.IdTransfer).ToListAsync(ct);
        var cashed = movements.Sum(m => m.SignedCents);
        var state = movements.Count == 0 ? "not-cashed" : cashed == flow.DeclaredTotalAmountCents ? "cashed" : cashed < flow.DeclaredTotalAmountCents ? "partially-cashed" : "over-cashed";
        var labels = transfers.SelectMany(t => t.Labels).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        return TypedResults.Ok(new FlowCashView(flow.FlowId, flow.PspId, flow.RegulationDate, flow.DeclaredTotalAmountCents, cashed, state,
            movements.Select(m => m.Id).ToArray(), labels, transfers.Select(TransferView.Of).ToArray()));
    }
}
