using Npgsql;
using NpgsqlTypes;

namespace DebtPositions.Bulk;

// The import's state machine, every change of an imports row in one place: Create → UPLOADING Queue UPLOADING →
// QUEUED (the file is stored) Start QUEUED | RUNNING → RUNNING (RUNNING again: resumed after a crash) Advance
// RUNNING, chunk n-1 → chunk n (progress, in chunk order; tells whether a cancel was asked) RequestCancel QUEUED →
// CANCELLED; RUNNING → RUNNING with cancel_requested (stops after the current chunk) Finish QUEUED | RUNNING →
// COMPLETED | FAILED | CANCELLED Each transition is one UPDATE guarded by the states it leaves from: on an import in
// any other state it changes nothing, and the caller learns so from its result. The caller owns the connection and
// the transaction.
internal static class ImportTransitions
{
    private const string Imports = $"{DebtPositionsDb.Schema}.imports";

    // The states an import is still worked on in (the job picks them up, a cancel applies to them).
    public const string Active = $"status IN ('{ImportStatuses.Queued}', '{ImportStatuses.Running}')";

    public static async Task CreateAsync(NpgsqlConnection connection, Guid id, string organization, string? fileName, string format, bool toPublish,
        string cause, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Imports} (id, organization_fiscal_code, file_name, format, to_publish, cause, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, '{ImportStatuses.Uploading}', $7, $7)
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(organization);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)fileName?[..Math.Min(fileName.Length, 255)] ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(format);
        command.Parameters.AddWithValue(toPublish);
        command.Parameters.AddWithValue(cause);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(ct);
    }

    // A unique violation on ux_imports_org_hash means the EC uploaded the same file before.
    public static async Task QueueAsync(NpgsqlConnection connection, Guid id, string fileHash, long fileBytes, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE {Imports} SET file_hash = $2, file_bytes = $3, status = '{ImportStatuses.Queued}' WHERE id = $1 AND status = '{ImportStatuses.Uploading}'",
            connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(fileHash);
        command.Parameters.AddWithValue(fileBytes);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task StartAsync(NpgsqlDataSource dataSource, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {Imports} SET status = '{ImportStatuses.Running}', started_at = coalesce(started_at, $2), updated_at = $2 WHERE id = $1 AND {Active}");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Moves the cursor to chunk + 1, only from the chunk before it, whose commit this UPDATE waits for (its row
    // lock): a concurrent writer therefore commits after its predecessor, and never when the predecessor failed
    // (null). Otherwise whether a cancel was asked.
    public static async Task<bool?> AdvanceAsync(NpgsqlConnection connection, Guid id, int chunk, PreparedChunk prepared, int rejectedRows,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {Imports} SET rows_read = rows_read + $2, rows_imported = rows_imported + $3, rows_rejected = rows_rejected + $4,
              chunks_done = $5, bytes_read = $6, updated_at = $7
            WHERE id = $1 AND chunks_done = $5 - 1 RETURNING cancel_requested
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue((long)prepared.RowsRead);
        command.Parameters.AddWithValue((long)prepared.Imported);
        command.Parameters.AddWithValue((long)rejectedRows);
        command.Parameters.AddWithValue(chunk + 1);
        command.Parameters.AddWithValue(prepared.BytesRead);
        command.Parameters.AddWithValue(prepared.PreparedAt);
        return await command.ExecuteScalarAsync(ct) is bool cancel ? cancel : null;
    }

    // False when the import is not the EC's or no longer active.
    public static async Task<bool> RequestCancelAsync(NpgsqlConnection connection, Guid id, string organization, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {Imports}
            SET cancel_requested = true, updated_at = $3,
                status = CASE WHEN status = '{ImportStatuses.Queued}' THEN '{ImportStatuses.Cancelled}' ELSE status END,
                finished_at = CASE WHEN status = '{ImportStatuses.Queued}' THEN $3 ELSE finished_at END
            WHERE id = $1 AND organization_fiscal_code = $2 AND {Active}
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(organization);
        command.Parameters.AddWithValue(now);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    // Ends the import in status (COMPLETED, FAILED with its failure, or CANCELLED): its final counts, or null when it
    // had ended already.
    public static async Task<ImportCounts?> FinishAsync(NpgsqlConnection connection, Guid id, string status, string? failure, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {Imports} SET status = $2, failure = coalesce($3, failure), finished_at = $4, updated_at = $4,
              bytes_read = CASE WHEN $2 = '{ImportStatuses.Completed}' THEN file_bytes ELSE bytes_read END
            WHERE id = $1 AND {Active}
            RETURNING rows_imported, rows_rejected
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)failure ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ImportCounts(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }
}

internal sealed record ImportCounts(long Imported, long Rejected);
