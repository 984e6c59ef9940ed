using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;
using ServiceDefaults.Web;

namespace Reporting.Classification;

// The accountant's daily picture of one EC: money collected (receipts, by Italian payment day), reported (flow rows,
// by regulation day), cashed (credits matched to a flow or IUV, by booking day), and what is missing.
internal static class DaySummaries
{
    private const int MaxDays = 366;

    // A period inside the calendar a request may speak of (RequestBounds), from ≤ to, at most maxDays long.
    public static Dictionary<string, string[]> PeriodProblems(DateOnly from, DateOnly to, int maxDays)
    {
        var errors = new Dictionary<string, string[]>();
        if (RequestBounds.DayProblem(from) is { } fromProblem) errors["from"] = [fromProblem];
        if (RequestBounds.DayProblem(to) is { } toProblem) errors["to"] = [toProblem];
        else if (to < from || to.DayNumber - from.DayNumber >= maxDays) errors["to"] = [$"from ≤ to, at most {maxDays} days apart"];
        return errors;
    }

    public static async Task<Results<Ok<DaySummary[]>, ValidationProblem>> ListAsync(
        string organizationFiscalCode, DateOnly from, DateOnly to, ReportingDb db, CancellationToken ct)
    {
        var errors = PeriodProblems(from, to, MaxDays);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var org = organizationFiscalCode;
        var (start, end) = (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1),
                            new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(2));
        var collected = (await db.TransferReconciliations.AsNoTracking()
                .Where(r => r.OrganizationFiscalCode == org && r.PaymentDateTime >= start && r.PaymentDateTime < end)
                .Select(r => new { r.PaymentDateTime, r.PaidCents, Reported = r.ReportedCents != null }).ToListAsync(ct))
            .Select(r => (Day: RomeCalendar.DateOf(r.PaymentDateTime!.Value), Cents: r.PaidCents!.Value, r.Reported))
            .Where(r => r.Day >= from && r.Day <= to)
            .ToLookup(r => r.Day);
        var reported = (await db.TransferReconciliations.AsNoTracking()
                .Where(r => r.OrganizationFiscalCode == org && r.RegulationDate >= from && r.RegulationDate <= to && r.ReportedCents != null)
                .Select(r => new { Day = r.RegulationDate!.Value, Cents = r.ReportedCents!.Value, Cashed = r.FlowCashedCents == r.FlowTotalCents })
                .ToListAsync(ct)).ToLookup(r => r.Day);
        var treasury = (await db.MovementReconciliations.AsNoTracking()
                .Where(m => m.OrganizationFiscalCode == org && m.BookingDate >= from && m.BookingDate <= to && m.SignedCents != 0)
                .Select(m => new { Day = m.BookingDate, m.SignedCents, Matched = m.MatchedFlowId != null || m.MatchedIuv != null, m.Label })
                .ToListAsync(ct)).ToLookup(m => m.Day);
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)
            .Where(d => collected.Contains(d) || reported.Contains(d) || treasury.Contains(d))
            .Select(d => new DaySummary(d,
                collected[d].Sum(r => r.Cents), collected[d].LongCount(),
                reported[d].Sum(r => r.Cents), reported[d].LongCount(),
                treasury[d].Where(m => m.Matched).Sum(m => m.SignedCents),
                treasury[d].Where(m => m.Label is not null && ReconciliationLabel.OfMovements.Contains(m.Label)).Sum(m => m.SignedCents),
                collected[d].Where(r => !r.Reported).Sum(r => r.Cents),
                reported[d].Where(r => !r.Cashed).Sum(r => r.Cents)))
            .ToArray();
        return TypedResults.Ok(days);
    }
}
