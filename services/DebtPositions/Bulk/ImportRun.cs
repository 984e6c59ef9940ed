using Microsoft.Extensions.Options;
using Npgsql;

namespace DebtPositions.Bulk;

/// <summary>
/// One import from its stored file to COMPLETED: rows are read in streaming fashion, grouped in chunks,
/// and each chunk is checked, numbered and committed with its progress and its bulk event in one
/// transaction (<see cref="ChunkImport"/>), so a crash resumes exactly after the last committed chunk.
/// </summary>
internal sealed class ImportRun(NpgsqlDataSource dataSource, ChunkImport chunks, IOptions<ImportOptions> options, TimeProvider time, ILogger<ImportRun> logger)
{
    public async Task ExecuteAsync(PendingImport import, CancellationToken ct)
    {
        await SetAsync(import.Id, "status = $2, started_at = coalesce(started_at, $3)", ImportStatuses.Running, ct);
        logger.LogInformation("Import {ImportId} of {Organization} runs from row {Row}", import.Id, import.Organization, import.RowsRead);
        await using var file = new StoredFile(dataSource, import.Id);
        var progress = new ImportProgress(import.FileBytes, import.RowsRead, import.ChunksDone);
        var size = options.Value.ChunkRows;
        var batch = new List<ImportRow>(size);
        try
        {
            var skip = import.RowsRead;
            await foreach (var row in Read(import.Format, file, ct))
            {
                if (skip-- > 0) continue;
                batch.Add(row);
                if (batch.Count < size) continue;
                if (!await chunks.CommitAsync(import, batch, progress.Next(file.BytesRead), ct)) { await CancelledAsync(import, ct); return; }
                batch.Clear();
            }
            if (batch.Count > 0 && !await chunks.CommitAsync(import, batch, progress.Next(file.BytesRead), ct)) { await CancelledAsync(import, ct); return; }
        }
        catch (Exception e) when (e is InvalidDataException or ImportFailed)
        {
            logger.LogWarning("Import {ImportId} failed: {Reason}", import.Id, e.Message);
            await SetAsync(import.Id, "status = $2, failure = $4, finished_at = $3", ImportStatuses.Failed, ct, e.Message);
            return;
        }
        await SetAsync(import.Id, "status = $2, finished_at = $3, bytes_read = file_bytes", ImportStatuses.Completed, ct);
        // The file served its purpose; its hash stays on the import and keeps a re-upload idempotent.
        await Execute($"DELETE FROM {DebtPositionsDb.Schema}.import_chunks WHERE import_id = $1", import.Id, ct);
        logger.LogInformation("Import {ImportId} completed", import.Id);
    }

    private static IAsyncEnumerable<ImportRow> Read(string format, Stream file, CancellationToken ct) =>
        format == "csv" ? CsvPositions.ReadAsync(file, ct) : JsonPositions.ReadAsync(file, ct);

    private Task CancelledAsync(PendingImport import, CancellationToken ct)
    {
        logger.LogInformation("Import {ImportId} cancelled", import.Id);
        return SetAsync(import.Id, "status = $2, finished_at = $3", ImportStatuses.Cancelled, ct);
    }

    private async Task SetAsync(Guid id, string assignments, string status, CancellationToken ct, string? failure = null)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {DebtPositionsDb.Schema}.imports SET {assignments}, updated_at = $3 WHERE id = $1 AND status IN ('{ImportStatuses.Queued}', '{ImportStatuses.Running}')");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(time.GetUtcNow());
        if (failure is not null) command.Parameters.AddWithValue(failure);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task Execute(string sql, Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Where the run stands: the chunk to commit next and the rows to expect (for IUV block sizes).</summary>
internal sealed class ImportProgress(long fileBytes, long rowsRead, int chunksDone)
{
    private long _rows = rowsRead;
    private int _chunk = chunksDone;

    public int Chunk => _chunk;
    public long BytesRead { get; private set; }

    public ImportProgress Next(long bytesRead)
    {
        BytesRead = bytesRead;
        return this;
    }

    /// <summary>Called once a chunk is committed.</summary>
    public void Committed(int rows)
    {
        _rows += rows;
        _chunk++;
    }

    /// <summary>Rows still to come, extrapolated from the bytes per row so far (0 when unknown).</summary>
    public long RemainingRows => BytesRead <= 0 || _rows <= 0 ? 0 : (long)((fileBytes - BytesRead) * ((double)_rows / BytesRead));
}
