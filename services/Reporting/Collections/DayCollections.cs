using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reporting.Classification;

namespace Reporting.Collections;

// Money collected on one Italian day: the transfers of the receipts paid that day, and their sum.
internal sealed record DayCollection(DateOnly Day, long CollectedCents, long CollectedTransfers);

// The read model of the money collected per EC and Italian payment day (ADR 0093): kept by the payment consumer, read
// by the back office home. It answers what the day summaries answer for the collected money, without reading the
// reconciliation view.
internal static class DayCollections
{
    private const int MaxDays = 366;

    // Adds freshly stored paid transfers to their days, in one statement, in the caller's transaction. Only transfers
    // stored for the first time may be passed: the counters are additive. Rows are upserted in key order so that two
    // batches touching the same days never wait for each other in a cycle.
    public static Task AddAsync(ReportingDb db, IReadOnlyCollection<PaidTransfer> stored, CancellationToken ct)
    {
        var organizations = stored.Select(t => t.OrganizationFiscalCode).ToArray();
        var days = stored.Select(t => ServiceDefaults.Time.RomeCalendar.DateOf(t.PaymentDateTime)).ToArray();
        var cents = stored.Select(t => t.AmountCents).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO reporting.day_collections AS d (organization_fiscal_code, day, transfers, cents)
            SELECT organization_fiscal_code, day, count(*), sum(cents)
            FROM unnest({organizations}::text[], {days}::date[], {cents}::bigint[]) AS t(organization_fiscal_code, day, cents)
            GROUP BY organization_fiscal_code, day
            ORDER BY organization_fiscal_code, day
            ON CONFLICT (organization_fiscal_code, day)
            DO UPDATE SET transfers = d.transfers + excluded.transfers, cents = d.cents + excluded.cents
            """, ct);
    }

    // The days of the period with money collected, in order.
    public static async Task<Results<Ok<DayCollection[]>, ValidationProblem>> ListAsync(
        string organizationFiscalCode, DateOnly from, DateOnly to, ReportingDb db, CancellationToken ct)
    {
        var errors = DaySummaries.PeriodProblems(from, to, MaxDays);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var days = await db.Database.SqlQuery<DayCollection>($"""
                SELECT day AS "Day", cents AS "CollectedCents", transfers AS "CollectedTransfers" FROM reporting.day_collections
                WHERE organization_fiscal_code = {organizationFiscalCode} AND day BETWEEN {from} AND {to} ORDER BY day
                """).ToArrayAsync(ct);
        return TypedResults.Ok(days);
    }
}
