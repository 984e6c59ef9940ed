using System.Threading.Channels;
using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ServiceDefaults.Messaging;

namespace DebtPositions.Bulk;

// One import from its stored file to COMPLETED. Stages overlap: a producer reads rows in streaming fashion and
// prepares chunks (validate, check, number, build: CPU here and in IuvIssuance) while writers (Writers, each its own
// connection: PostgreSQL works on several cores) commit earlier chunks, each with its progress and its bulk event in
// one transaction and in chunk order, so a crash resumes exactly after the last committed chunk. At most two prepared
// chunks wait.
internal sealed class ImportRun(NpgsqlDataSource dataSource, IServiceScopeFactory scopes, ChunkImport chunks, IOptions<ImportOptions> options,
    TimeProvider time, ILogger<ImportRun> logger)
{
    public async Task ExecuteAsync(PendingImport import, CancellationToken ct)
    {
        await ImportTransitions.StartAsync(dataSource, import.Id, time.GetUtcNow(), ct);
        logger.LogInformation("Import {ImportId} of {Organization} runs from row {Row}", import.Id, import.Organization, import.RowsRead);
        await using var file = new StoredFile(dataSource, import.Id);
        var prepared = Channel.CreateBounded<PreparedChunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = ProduceAsync(import, file, prepared.Writer, stop.Token);
        bool cancelled;
        try
        {
            cancelled = await WriteAllAsync(import, prepared.Reader, ct);
        }
        catch (Exception e) when (e is InvalidDataException or ImportFailed)
        {
            logger.LogWarning("Import {ImportId} failed: {Reason}", import.Id, e.Message);
            await FinishAsync(import, ImportStatuses.Failed, ct, e.Message);
            return;
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
        if (cancelled)
        {
            logger.LogInformation("Import {ImportId} cancelled", import.Id);
            await FinishAsync(import, ImportStatuses.Cancelled, ct);
            return;
        }
        await FinishAsync(import, ImportStatuses.Completed, ct);
        // The file served its purpose; its hash stays on the import and keeps a re-upload idempotent.
        await Execute($"DELETE FROM {DebtPositionsDb.Schema}.import_chunks WHERE import_id = $1", import.Id, ct);
        logger.LogInformation("Import {ImportId} completed", import.Id);
    }

    // Commits prepared chunks with Writers writers taking chunks in turn: each writes while the others do, and
    // commits stay in chunk order (ChunkWriter). True when a cancel was seen.
    private async Task<bool> WriteAllAsync(PendingImport import, ChannelReader<PreparedChunk> prepared, CancellationToken ct)
    {
        var writers = Enumerable.Range(0, Math.Max(1, options.Value.Writers)).Select(_ => scopes.CreateAsyncScope()).ToList();
        var inFlight = new Queue<Task<bool>>();
        try
        {
            var chunk = import.ChunksDone;
            Task previous = Task.CompletedTask;
            await foreach (var next in prepared.ReadAllAsync(ct))
            {
                if (inFlight.Count == writers.Count && !await inFlight.Dequeue()) return true;
                var writer = writers[chunk % writers.Count].ServiceProvider.GetRequiredService<ChunkWriter>();
                var write = writer.WriteAsync(import, chunk++, next, previous, ct);
                inFlight.Enqueue(write);
                previous = write;
            }
            var cancelled = false;
            while (inFlight.Count > 0) cancelled |= !await inFlight.Dequeue();
            return cancelled;
        }
        finally
        {
            // Writes still running (after a cancel or a failure) end, committed or not, before their scopes go.
            foreach (var pending in inFlight) await pending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            foreach (var scope in writers) await scope.DisposeAsync();
        }
    }

    // Reads rows after the committed ones and prepares chunks; whatever ends it (end of file, a failure, a cancel)
    // completes the channel.
    private async Task ProduceAsync(PendingImport import, StoredFile file, ChannelWriter<PreparedChunk> output, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            var (size, skip, rows, chunk) = (options.Value.ChunkRows, import.RowsRead, import.RowsRead, import.ChunksDone);
            var batch = new List<ImportRow>(size);
            await foreach (var row in Read(import.Format, file, ct))
            {
                if (skip-- > 0) continue;
                batch.Add(row);
                if (batch.Count < size) continue;
                rows += batch.Count;
                await output.WriteAsync(await chunks.PrepareAsync(import, chunk++, batch, file.BytesRead, Expected(import, rows, file.BytesRead), ct), ct);
                batch = new List<ImportRow>(size);
            }
            if (batch.Count > 0) await output.WriteAsync(await chunks.PrepareAsync(import, chunk, batch, file.BytesRead, batch.Count, ct), ct);
            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }

    // Rows still to come, extrapolated from the bytes per row so far: how many IUVs to ask for at once.
    private static long Expected(PendingImport import, long rows, long bytesRead) =>
        bytesRead <= 0 ? 0 : (long)((import.FileBytes - bytesRead) * ((double)rows / bytesRead));

    private static IAsyncEnumerable<ImportRow> Read(string format, Stream file, CancellationToken ct) =>
        format == "csv" ? CsvPositions.ReadAsync(file, ct) : JsonPositions.ReadAsync(file, ct);

    // The final status and its DebtPositionsImportFinished (the import.finished webhook) commit together.
    private async Task FinishAsync(PendingImport import, string status, CancellationToken ct, string? failure = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DebtPositionsDb>();
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counts = await ImportTransitions.FinishAsync((NpgsqlConnection)db.Database.GetDbConnection(), import.Id, status, failure, now, ct);
        if (counts is null) return;
        db.AddToOutbox(new DebtPositionsImportFinished(import.Id, import.Organization, status, counts.Imported, counts.Rejected, failure, now), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task Execute(string sql, Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(ct);
    }
}

