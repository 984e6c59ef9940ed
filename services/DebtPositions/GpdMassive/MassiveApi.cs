using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace DebtPositions.GpdMassive;

// GPD's massive file API, v1 and v2, under our base URL (GPD serves it from
// …/upload/gpd/debt-positions-service/v1|v2): upload to create, update or delete by file, the file's status and
// report, and the list of an EC's files.
internal static class MassiveApi
{
    private const string Base = "/brokers/{brokercode}/organizations/{organizationfiscalcode}/debtpositions";

    // RFC 8470's 425 Too Early: what GPD's v2 answers for a report asked before the file is worked through.
    private const int TooEarly = 425;

    public static IEndpointRouteBuilder MapMassiveApi(this IEndpointRouteBuilder app)
    {
        foreach (var version in new[] { "v1", "v2" })
        {
            var group = app.MapGroup($"/api/debt-positions/{version}{Base}").WithTags("DebtPositionsMassive");
            group.MapPost("/file", MassiveUpload.Create).DisableAntiforgery();
            group.MapPut("/file", MassiveUpload.Update).DisableAntiforgery();
            group.MapDelete("/file", MassiveUpload.Delete).DisableAntiforgery();
            group.MapGet("/files", ListFiles);
            if (version == "v1")
            {
                group.MapGet("/file/{fileid:guid}/status", StatusV1);
                group.MapGet("/file/{fileid:guid}/report", ReportV1);
            }
            else
            {
                group.MapGet("/file/{fileid:guid}/status", StatusV2);
                group.MapGet("/file/{fileid:guid}/report", ReportV2);
            }
        }
        return app;
    }

    private static async Task<IResult> StatusV1(string brokercode, string organizationfiscalcode, Guid fileid, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var file = await MassiveFile.ReadAsync(connection, brokercode, organizationfiscalcode, fileid, time, ct);
        return file is null ? NotFound(fileid) : TypedResults.Ok(new UploadStatusV1(fileid.ToString(), file.Processed, file.Submitted, StatusTime(file.StartTime)));
    }

    private static async Task<IResult> StatusV2(string brokercode, string organizationfiscalcode, Guid fileid, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var file = await MassiveFile.ReadAsync(connection, brokercode, organizationfiscalcode, fileid, time, ct);
        if (file is null) return NotFound(fileid);
        var outcomes = file.Finished ? await file.OutcomesAsync(connection, ct) : [];
        return TypedResults.Ok(new UploadStatusV2(fileid.ToString(), file.Processed, file.Submitted, StatusTime(file.StartTime), file.OperationStatus(outcomes)));
    }

    private static async Task<IResult> ReportV1(string brokercode, string organizationfiscalcode, Guid fileid, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var file = await MassiveFile.ReadAsync(connection, brokercode, organizationfiscalcode, fileid, time, ct);
        if (file is null) return NotFound(fileid);
        // GPD v1 has no report before the file is worked through: 404, as for an unknown file.
        if (!file.Finished) return TypedResults.Problem($"file {fileid} is still being processed: its report comes at the end (see its status)",
            statusCode: StatusCodes.Status404NotFound, title: "Report not ready");
        var outcomes = await file.OutcomesAsync(connection, ct);
        return TypedResults.Ok(new UploadReportV1(fileid.ToString(), file.Processed, file.Submitted,
            outcomes.Select(o => new ResponseEntryV1(o.StatusCode, o.StatusMessage, o.Iupds)).ToList(), file.StartTime, file.EndTime));
    }

    private static async Task<IResult> ReportV2(string brokercode, string organizationfiscalcode, Guid fileid, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var file = await MassiveFile.ReadAsync(connection, brokercode, organizationfiscalcode, fileid, time, ct);
        if (file is null) return NotFound(fileid);
        if (!file.Finished) return TypedResults.Problem($"file {fileid} is still being processed: its report comes at the end (see its status)",
            statusCode: TooEarly, title: "Report not ready");
        var outcomes = await file.OutcomesAsync(connection, ct);
        return TypedResults.Ok(new UploadReportV2(fileid.ToString(), file.Processed, file.Submitted,
            outcomes.Select(o => new ResponseEntryV2(o.StatusCode, o.StatusMessage, o.Iupds)).ToList(), file.StartTime, file.EndTime));
    }

    // The EC's files uploaded between two days (default: the last 30), oldest first, a page at a time
    // (x-continuation-token).
    private static async Task<IResult> ListFiles(string brokercode, string organizationfiscalcode, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to,
        [FromQuery] int? size, [FromHeader(Name = "x-continuation-token")] string? continuation, HttpResponse response,
        NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (first, last) = (from ?? (to ?? today).AddDays(-30), to ?? today);
        var errors = new Dictionary<string, string[]>();
        if (first > last) errors["from"] = ["from comes after to"];
        if (size is < 1 or > 1000) errors["size"] = ["size is between 1 and 1000"];
        Guid? after = null;
        if (continuation is not null)
        {
            if (Guid.TryParse(continuation, out var token)) after = token;
            else errors["x-continuation-token"] = ["not a token this API gave"];
        }
        if (errors.Count > 0) return Gpd.GpdProblems.Validation(errors);

        var limit = size ?? 100;
        await using var command = dataSource.CreateCommand($"""
            SELECT id FROM {DebtPositionsDb.Schema}.gpd_massive_files
            WHERE organization_fiscal_code = $1 AND broker_code = $2 AND created_at >= $3 AND created_at < $4 AND ($5::uuid IS NULL OR id > $5)
            ORDER BY id LIMIT $6
            """);
        command.Parameters.AddWithValue(organizationfiscalcode);
        command.Parameters.AddWithValue(brokercode);
        command.Parameters.AddWithValue(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        command.Parameters.AddWithValue(new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.AddWithValue(limit + 1);
        var ids = new List<Guid>();
        await using (var r = await command.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) ids.Add(r.GetGuid(0));
        var more = ids.Count > limit;
        var page = ids.Take(limit).ToList();
        // Ids are version 7 GUIDs: their order is their upload order, so the last id is where the next page starts.
        if (more) response.Headers["x-continuation-token"] = page[^1].ToString();
        return TypedResults.Ok(new FileIdListResponse(page.Select(i => i.ToString()).ToList(), page.Count, more));
    }

    private static string StatusTime(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem($"No file {id} for this broker and organization", statusCode: StatusCodes.Status404NotFound, title: "File not found");
}
