using Npgsql;

namespace DebtPositions.Bulk;

// Import statuses; the transitions between them are ImportTransitions.
internal static class ImportStatuses
{
    public const string Uploading = "UPLOADING";
    public const string Queued = "QUEUED";
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
}

// GET …/imports/{id}: where an import stands, with an ETA extrapolated from the bytes parsed so far.
internal sealed record ImportStatus(
    Guid Id, string OrganizationFiscalCode, string? FileName, string Format, string? FileHash, long FileBytes, bool ToPublish,
    string Status, long RowsRead, long RowsImported, long RowsRejected, long BytesRead, bool CancelRequested, string? Failure,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? ElapsedSeconds,
    double? RowsPerSecond, double? EtaSeconds, DateTimeOffset? EstimatedCompletion)
{
    private const string Columns = """
        id, organization_fiscal_code, file_name, format, file_hash, file_bytes, to_publish, status, rows_read, rows_imported,
        rows_rejected, bytes_read, cancel_requested, failure, created_at, started_at, finished_at
        """;

    public static async Task<ImportStatus?> ReadAsync(NpgsqlConnection connection, string organization, Guid? id, string? fileHash,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM {DebtPositionsDb.Schema}.imports WHERE organization_fiscal_code = $1 AND (id = $2 OR file_hash = $3)", connection);
        command.Parameters.AddWithValue(organization);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)fileHash ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        var started = r.IsDBNull(15) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(15);
        var finished = r.IsDBNull(16) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(16);
        var (fileBytes, bytesRead, rowsRead) = (r.GetInt64(5), r.GetInt64(11), r.GetInt64(8));
        double? elapsed = started is { } s ? ((finished ?? now) - s).TotalSeconds : null;
        double? rate = elapsed is > 0 ? rowsRead / elapsed : null;
        // Rows are not counted before they are parsed, bytes are: the remaining bytes at the pace so far.
        double? eta = finished is not null ? 0 : elapsed is > 0 && bytesRead > 0 ? elapsed * (fileBytes - bytesRead) / bytesRead : null;
        return new ImportStatus(
            r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            fileBytes, r.GetBoolean(6), r.GetString(7), rowsRead, r.GetInt64(9), r.GetInt64(10), bytesRead, r.GetBoolean(12),
            r.IsDBNull(13) ? null : r.GetString(13), r.GetFieldValue<DateTimeOffset>(14), started, finished,
            elapsed, rate, eta, eta is { } e ? (finished ?? now.AddSeconds(e)) : null);
    }
}
