using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Web;

namespace Reporting.Classification;

// Transfers and treasury movements whose labels ask an operator to act, filtered by label, day, PSP and amount.
internal static class Anomalies
{
    public static async Task<Results<Ok<AnomalyItem[]>, ValidationProblem>> ListAsync(
        string organizationFiscalCode, string? label, DateOnly? from, DateOnly? to, string? psp, long? minCents, long? maxCents,
        ReportingDb db, CancellationToken ct, int limit = 100)
    {
        var errors = new Dictionary<string, string[]>();
        if (label is not null && !ReconciliationLabel.Meanings.ContainsKey(label)) errors["label"] = [$"one of {string.Join(", ", ReconciliationLabel.All)}"];
        if (from is { } f && RequestBounds.DayProblem(f) is { } fromProblem) errors["from"] = [fromProblem];
        if (to is { } t && RequestBounds.DayProblem(t) is { } toProblem) errors["to"] = [toProblem];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var take = Math.Clamp(limit, 1, 1000);
        var items = new List<AnomalyItem>();
        if (label is null || !ReconciliationLabel.OfMovements.Contains(label))
        {
            var labels = label is null ? ReconciliationLabel.All.Where(ReconciliationApi.IsAnomaly).ToArray() : [label];
            var query = db.TransferReconciliations.AsNoTracking()
                .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.Labels.Any(l => labels.Contains(l)));
            if (psp is not null) query = query.Where(r => r.PspId == psp || r.FlowPspId == psp);
            if (minCents is not null) query = query.Where(r => (r.PaidCents ?? r.ReportedCents) >= minCents);
            if (maxCents is not null) query = query.Where(r => (r.PaidCents ?? r.ReportedCents) <= maxCents);
            // The day of a transfer: its flow's regulation day, else (not reported yet) its payment's day.
            if (from is { } first)
            {
                var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                query = query.Where(r => r.RegulationDate != null ? r.RegulationDate >= first : r.PaymentDateTime >= since);
            }
            if (to is { } last)
            {
                var before = new DateTimeOffset(last.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
                query = query.Where(r => r.RegulationDate != null ? r.RegulationDate <= last : r.PaymentDateTime < before);
            }
            var rows = await query.OrderBy(r => r.Iuv).ThenBy(r => r.IdTransfer).Take(take).ToListAsync(ct);
            items.AddRange(rows.SelectMany(r => r.Labels.Where(labels.Contains).Select(l => new AnomalyItem(l, ReconciliationLabel.Meanings[l],
                r.Iuv, r.Iur, r.IdTransfer, r.FlowId, null, r.PaidCents ?? r.ReportedCents,
                r.RegulationDate ?? (r.PaymentDateTime is { } p ? DateOnly.FromDateTime(p.UtcDateTime) : null), r.PspId ?? r.FlowPspId))));
        }
        if (label is null || ReconciliationLabel.OfMovements.Contains(label))
        {
            var query = db.MovementReconciliations.AsNoTracking()
                .Where(m => m.OrganizationFiscalCode == organizationFiscalCode && ReconciliationLabel.OfMovements.Contains(m.Label!) && (label == null || m.Label == label));
            if (minCents is not null) query = query.Where(m => m.AmountCents >= minCents);
            if (maxCents is not null) query = query.Where(m => m.AmountCents <= maxCents);
            if (from is not null) query = query.Where(m => m.BookingDate >= from);
            if (to is not null) query = query.Where(m => m.BookingDate <= to);
            // A treasury movement names no PSP code (only the ordering party's name): a PSP filter leaves them out.
            if (psp is null)
                items.AddRange((await query.OrderBy(m => m.Id).Take(take).ToListAsync(ct)).Select(m => new AnomalyItem(m.Label!,
                    ReconciliationLabel.Meanings[m.Label!], m.ReadIuv, null, null, m.ReadFlowId, m.Id, m.AmountCents, m.BookingDate, null)));
        }
        return TypedResults.Ok(items.Take(take).ToArray());
    }
}
