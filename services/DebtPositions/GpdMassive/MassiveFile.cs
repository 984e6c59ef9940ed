using System.Globalization;
using System.Text.Json;
using DebtPositions.Bulk;
using Npgsql;

namespace DebtPositions.GpdMassive;

// One uploaded file as its status and report tell it: progress and per-position outcomes, read from the bulk import
// for a CREATE (positions it created: 201; rows it rejected: 400 with the field and reason), from the job's stored
// outcomes for an UPDATE or DELETE.
internal sealed record MassiveFile(Guid Id, string Operation, int Submitted, int Processed, DateTimeOffset StartTime, DateTimeOffset? EndTime,
    Guid? ImportId)
{
    public bool Finished => EndTime is not null;

    public static async Task<MassiveFile?> ReadAsync(NpgsqlConnection connection, string broker, string organization, Guid id, TimeProvider time, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT operation, submitted, processed, created_at, finished_at, import_id FROM {DebtPositionsDb.Schema}.gpd_massive_files
            WHERE id = $1 AND organization_fiscal_code = $2 AND broker_code = $3
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(organization);
        command.Parameters.AddWithValue(broker);
        MassiveFile file;
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            file = new MassiveFile(id, r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetGuid(5));
        }
        if (file.ImportId is not { } importId) return file;
        // A CREATE is as far as its import: every row read is processed; the import's end is the file's.
        var import = await ImportStatus.ReadAsync(connection, organization, importId, null, time.GetUtcNow(), ct);
        if (import is null) return file;
        var done = import.Status is ImportStatuses.Completed or ImportStatuses.Failed or ImportStatuses.Cancelled;
        var processed = (int)(import.RowsImported + import.RowsRejected);
        return file with { Submitted = (int)Math.Max(import.RowsRead, processed), Processed = processed, EndTime = done ? import.FinishedAt ?? time.GetUtcNow() : null };
    }

    // Outcomes grouped as GPD's report groups them: one entry per status and message, with its IUPDs.
    public async Task<List<(int StatusCode, string StatusMessage, List<string> Iupds)>> OutcomesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var outcomes = ImportId is { } importId ? await ImportOutcomesAsync(connection, importId, ct) : await StoredOutcomesAsync(connection, ct);
        return outcomes.GroupBy(o => (o.StatusCode, o.StatusMessage))
            .Select(g => (g.Key.StatusCode, g.Key.StatusMessage, g.Select(o => o.Iupd).ToList()))
            .OrderBy(g => g.StatusCode).ThenBy(g => g.StatusMessage, StringComparer.Ordinal).ToList();
    }

    private static async Task<List<PositionOutcome>> ImportOutcomesAsync(NpgsqlConnection connection, Guid importId, CancellationToken ct)
    {
        var outcomes = new List<PositionOutcome>();
        await using (var created = new NpgsqlCommand($"SELECT iupd FROM {DebtPositionsDb.Schema}.positions WHERE import_id = $1 ORDER BY id", connection))
        {
            created.Parameters.AddWithValue(importId);
            await using var r = await created.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) outcomes.Add(new PositionOutcome(r.GetString(0), StatusCodes.Status201Created, "Created"));
        }
        await using var rejected = new NpgsqlCommand(
            $"SELECT line, iupd, field, reason FROM {DebtPositionsDb.Schema}.import_errors WHERE import_id = $1 ORDER BY line, field", connection);
        rejected.Parameters.AddWithValue(importId);
        await using var e = await rejected.ExecuteReaderAsync(ct);
        while (await e.ReadAsync(ct))
        {
            // A row whose IUPD could not be read is named by its position in the file.
            var iupd = e.IsDBNull(1) ? $"#{e.GetInt64(0).ToString(CultureInfo.InvariantCulture)}" : e.GetString(1);
            var status = e.GetString(3).Contains("already exists", StringComparison.Ordinal) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            outcomes.Add(new PositionOutcome(iupd, status, $"{e.GetString(2)}: {e.GetString(3)}"));
        }
        return outcomes;
    }

    private async Task<List<PositionOutcome>> StoredOutcomesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT responses::text FROM {DebtPositionsDb.Schema}.gpd_massive_files WHERE id = $1", connection);
        command.Parameters.AddWithValue(Id);
        var text = (string?)await command.ExecuteScalarAsync(ct) ?? "[]";
        return JsonSerializer.Deserialize<List<PositionOutcome>>(text, JsonSerializerOptions.Web) ?? [];
    }

    // GPD's v2 operationStatus.
    public string OperationStatus(IReadOnlyCollection<(int StatusCode, string StatusMessage, List<string> Iupds)> outcomes) =>
        !Finished ? "IN_PROGRESS"
        : outcomes.All(o => o.StatusCode < 300) ? "COMPLETED"
        : outcomes.Any(o => o.StatusCode < 300) ? "COMPLETED_WITH_WARNINGS"
        : "COMPLETED_UNSUCCESSFULLY";
}
