using Microsoft.EntityFrameworkCore;

namespace Reporting;

internal sealed record FlowSummary(
    string FlowId, long Revision, string PspId, DateTimeOffset FlowDate, string RegulationId, DateOnly RegulationDate,
    string? BicCodePouringBank, long DeclaredTotalPayments, long DeclaredTotalAmountCents, long RowCount, long RowAmountCents,
    bool TotalsConsistent, long MatchedRows, long MatchedAmountCents, long Anomalies, string Source, DateTimeOffset ReceivedAt);

internal sealed record RowView(
    int Index, string Iuv, string Iur, int IdTransfer, long AmountCents, int Outcome, DateOnly PayDate, string MatchStatus,
    string? Anomaly, DateTimeOffset? MatchedAt);

internal sealed record FlowDetail(FlowSummary Flow, RowView[] Rows);

internal sealed record AnomalyView(
    string Kind, string FlowId, int? Index, string? Iuv, string? Iur, int? IdTransfer, long? AmountCents, int? Outcome,
    string? MatchStatus, string? Detail);

internal sealed record TotalsView(IReadOnlyList<FlowSummary> Flows, long UnreconciledTransfers, long UnreconciledAmountCents);

internal sealed record TransferView(
    string Iuv, string ReceiptId, int IdTransfer, long AmountCents, DateTimeOffset PaymentDateTime, string PspId, bool StandIn,
    string? ReconciledFlowId, DateTimeOffset? ReconciledAt);

internal static class ReportingQueries
{
    // Flows of an EC (or one flow) with their row aggregates, newest first.
    public static async Task<FlowSummary[]> FlowSummariesAsync(ReportingDb db, string org, string? flowId, int limit, CancellationToken ct)
    {
        var flows = await db.Flows.AsNoTracking()
            .Where(f => f.OrganizationFiscalCode == org && (flowId == null || f.FlowId == flowId))
            .OrderByDescending(f => f.ReceivedAt).Take(limit).ToListAsync(ct);
        var ids = flows.Select(f => f.FlowId).ToList();
        var stats = await db.FlowRows.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == org && ids.Contains(r.FlowId))
            .GroupBy(r => r.FlowId)
            .Select(g => new
            {
                FlowId = g.Key,
                Matched = g.LongCount(r => r.MatchStatus == MatchStatus.Matched),
                MatchedAmount = g.Sum(r => r.MatchStatus == MatchStatus.Matched ? r.AmountCents : 0),
                Anomalies = g.LongCount(r => r.Anomaly != null),
            })
            .ToDictionaryAsync(s => s.FlowId, ct);
        return flows.Select(f =>
        {
            var s = stats.GetValueOrDefault(f.FlowId);
            return new FlowSummary(f.FlowId, f.Revision, f.PspId, f.FlowDate, f.RegulationId, f.RegulationDate, f.BicCodePouringBank,
                f.DeclaredTotalPayments, f.DeclaredTotalAmountCents, f.RowCount, f.RowAmountCents, f.TotalsConsistent,
                s?.Matched ?? 0, s?.MatchedAmount ?? 0, (s?.Anomalies ?? 0) + (f.TotalsConsistent ? 0 : 1), f.Source, f.ReceivedAt);
        }).ToArray();
    }
}
