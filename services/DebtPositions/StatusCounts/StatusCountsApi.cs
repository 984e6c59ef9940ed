using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;

namespace DebtPositions.StatusCounts;

// GET …/position-counts: how many of the EC's positions are in each status, in one GROUP BY (ours; the back office's
// home asked the list API once per status before). Optionally only positions with a notice due in a window, the list
// API's `due_date_from`/`due_date_to` with the same rules, so the two never disagree.
internal static class StatusCountsApi
{
    public const string Route = "/api/debt-positions/v1/organizations/{organizationfiscalcode}/position-counts";

    public static IEndpointRouteBuilder MapStatusCountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Count).WithTags("DebtPositions").WithSummary("How many of the organization's positions are in each status");
        return app;
    }

    private static async Task<Results<Ok<PositionCounts>, ValidationProblem>> Count(
        string organizationfiscalcode, NpgsqlDataSource dataSource, CancellationToken ct,
        [FromQuery(Name = "due_date_from")] DateOnly? dueDateFrom = null, [FromQuery(Name = "due_date_to")] DateOnly? dueDateTo = null)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ListFilter.Of(errors, null, null, dueDateFrom, dueDateTo, null, null, null, null);
        if (filter is null) return GpdProblems.Validation(errors);

        var counts = PositionStatus.All.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand($"""
            SELECT p.status, count(*) FROM {DebtPositionsDb.Schema}.positions p
            WHERE p.organization_fiscal_code = $1
              AND ($2::timestamptz IS NULL OR EXISTS (
                  SELECT 1 FROM {DebtPositionsDb.Schema}.payment_options o
                  WHERE o.organization_fiscal_code = $1 AND o.position_id = p.id AND o.due_date >= $2 AND o.due_date < $3))
            GROUP BY p.status
            """);
        command.Parameters.AddWithValue(organizationfiscalcode);
        command.Parameters.Add(Instant(filter.DueFrom));
        command.Parameters.Add(Instant(filter.DueTo));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return TypedResults.Ok(new PositionCounts(organizationfiscalcode, counts, counts.Values.Sum()));
    }

    private static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}

// The EC's positions per status (every status named, zero included) and their total.
internal sealed record PositionCounts(string OrganizationFiscalCode, IReadOnlyDictionary<string, long> ByStatus, long Total);
