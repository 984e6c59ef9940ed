using DebtPositions.Bulk;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace DebtPositions.ImportList;

// GET …/imports: the EC's imports, newest first, optionally of one status (ours; what the back office's home shows as
// running imports). Each is read through ImportStatus, as GET …/imports/{id} reads it, so the list and the single
// import never disagree. Kept apart from the import machinery: it only reads.
internal static class ImportListApi
{
    public const int MaxLimit = 100;

    private static readonly string[] Statuses =
    [
        ImportStatuses.Uploading, ImportStatuses.Queued, ImportStatuses.Running, ImportStatuses.Completed, ImportStatuses.Failed, ImportStatuses.Cancelled,
    ];

    public static IEndpointRouteBuilder MapImportListApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ImportsApi.Prefix, List).WithTags("Imports").WithSummary("The organization's imports, newest first");
        return app;
    }

    private static async Task<Results<Ok<List<ImportStatus>>, ValidationProblem>> List(
        string organizationfiscalcode, [FromQuery] string? status, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct,
        [FromQuery] int limit = 20)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"between 1 and {MaxLimit}"];
        var wanted = status?.ToUpperInvariant();
        if (wanted is not null && !Statuses.Contains(wanted)) errors["status"] = ["one of " + string.Join(", ", Statuses)];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = new List<Guid>();
        await using (var command = new NpgsqlCommand($"""
            SELECT id FROM {DebtPositionsDb.Schema}.imports
            WHERE organization_fiscal_code = $1 AND ($2::text IS NULL OR status = $2)
            ORDER BY created_at DESC, id DESC LIMIT $3
            """, connection))
        {
            command.Parameters.AddWithValue(organizationfiscalcode);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)wanted ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.AddWithValue(limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        }
        var now = time.GetUtcNow();
        var imports = new List<ImportStatus>(ids.Count);
        foreach (var id in ids)
            if (await ImportStatus.ReadAsync(connection, organizationfiscalcode, id, null, now, ct) is { } import) imports.Add(import);
        return TypedResults.Ok(imports);
    }
}
