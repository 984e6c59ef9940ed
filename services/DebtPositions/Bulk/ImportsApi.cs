using System.Text;
using Npgsql;

namespace DebtPositions.Bulk;

// Bulk import of debt positions (ours; GPD's equivalent is its separate upload service, gpd_massive.json): upload a
// CSV or GPD bulk JSON file, follow the job, download the rejected rows, cancel.
internal static class ImportsApi
{
    public const string Prefix = "/api/debt-positions/v1/organizations/{organizationfiscalcode}/imports";

    public static string Location(string organization, Guid id) =>
        $"{Prefix.Replace("{organizationfiscalcode}", organization, StringComparison.Ordinal)}/{id}";

    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("Imports");
        group.MapPost("", ImportUpload.Handle).DisableAntiforgery();
        group.MapGet("/{id:guid}", GetStatus);
        group.MapGet("/{id:guid}/errors", GetErrors);
        group.MapPost("/{id:guid}/cancel", Cancel);
        group.MapDelete("/{id:guid}", Cancel);
        return app;
    }

    private static async Task<IResult> GetStatus(string organizationfiscalcode, Guid id, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var status = await ImportStatus.ReadAsync(connection, organizationfiscalcode, id, null, time.GetUtcNow(), ct);
        return status is null ? NotFound(organizationfiscalcode, id) : TypedResults.Ok(status);
    }

    // The rejected rows as CSV (line, iupd, field, reason), streamed from the database.
    private static async Task<IResult> GetErrors(string organizationfiscalcode, Guid id, NpgsqlDataSource dataSource, HttpResponse response,
        TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await ImportStatus.ReadAsync(connection, organizationfiscalcode, id, null, time.GetUtcNow(), ct) is null)
            return NotFound(organizationfiscalcode, id);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync("line,iupd,field,reason\n");
        await using var command = new NpgsqlCommand(
            $"SELECT line, iupd, field, reason FROM {DebtPositionsDb.Schema}.import_errors WHERE import_id = $1 ORDER BY line, field", connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            await writer.WriteAsync($"{reader.GetInt64(0)},{Csv(reader.IsDBNull(1) ? "" : reader.GetString(1))},{Csv(reader.GetString(2))},{Csv(reader.GetString(3))}\n");
        return TypedResults.Empty;
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // A queued import is cancelled at once; a running one stops after its current chunk (what is committed stays).
    private static async Task<IResult> Cancel(string organizationfiscalcode, Guid id, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await ImportTransitions.RequestCancelAsync(connection, id, organizationfiscalcode, time.GetUtcNow(), ct);
        var status = await ImportStatus.ReadAsync(connection, organizationfiscalcode, id, null, time.GetUtcNow(), ct);
        if (status is null) return NotFound(organizationfiscalcode, id);
        if (!changed && status.Status != ImportStatuses.Cancelled)
            return DebtPositionsApi.Conflict($"import {id} is {status.Status}: only a QUEUED or RUNNING import can be cancelled");
        return TypedResults.Accepted(Location(organizationfiscalcode, id), status);
    }

    private static IResult NotFound(string organization, Guid id) =>
        TypedResults.Problem($"No import {id} for organization {organization}", statusCode: StatusCodes.Status404NotFound, title: "Import not found");
}
