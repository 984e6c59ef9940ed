using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace DebtPositions.Bulk;

// Commits one chunk in one transaction: its positions, notices and transfers as the binary COPY rows the producer
// encoded (ChunkRows; no history rows: the import tells how its positions began, ADR 0011), the rejected rows, its
// DebtPositionsImported already serialised for the outbox, and the import's progress. Only bytes are streamed here:
// the writer's connection is the import's critical path (ADR 0017). Conventions §6: bulk writes use binary COPY (far
// cheaper than EF batches: docs/bench/bulk-import.md).
internal sealed class ChunkWriter(DebtPositionsDb db, ILogger<ChunkWriter> logger)
{
    private const string S = DebtPositionsDb.Schema;

    // False when a cancel was requested: the chunk is committed and the import stops. predecessor: The write of the
    // chunk before this one: this one's cursor update waits for it to end.
    public async Task<bool> WriteAsync(PendingImport import, int chunk, PreparedChunk prepared, Task predecessor, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var marks = new List<double>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (prepared.Rows is { } rows)
        {
            await rows.Positions.CopyAsync(connection, ChunkRows.PositionsCopy, ct);
            marks.Add(clock.Elapsed.TotalMilliseconds);
            await rows.Options.CopyAsync(connection, ChunkRows.OptionsCopy, ct);
            marks.Add(clock.Elapsed.TotalMilliseconds);
            await rows.Transfers.CopyAsync(connection, ChunkRows.TransfersCopy, ct);
            marks.Add(clock.Elapsed.TotalMilliseconds);
        }
        await CopyRejectionsAsync(connection, import.Id, prepared.Rejected, ct);
        if (prepared.Event is { } message)
        {
            db.AddToOutbox(message);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        // A faster writer could otherwise reach the cursor before its predecessor has even taken the import row, find the
        // cursor one behind and fail the import round for nothing (seen with two writers): wait for it to commit or fail.
        await predecessor.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var cancel = await ImportTransitions.AdvanceAsync(connection, import.Id, chunk, prepared, prepared.Rejected.Select(r => r.Line).Distinct().Count(), ct)
            ?? throw new InvalidOperationException($"import {import.Id}: chunk {chunk} cannot commit, the chunk before it did not (it is retried from the last committed one)");
        marks.Add(clock.Elapsed.TotalMilliseconds);
        await tx.CommitAsync(ct);
        marks.Add(clock.Elapsed.TotalMilliseconds);
        logger.LogDebug("Import {ImportId} chunk {Chunk} of {Rows} rows written in ms (cumulative: positions, notices, transfers, outbox and progress, commit): {Marks}",
            import.Id, chunk, prepared.RowsRead, string.Join(' ', marks.Select(m => m.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        return !cancel;
    }

    private static async Task CopyRejectionsAsync(NpgsqlConnection connection, Guid importId, List<Rejection> rejected, CancellationToken ct)
    {
        if (rejected.Count == 0) return;
        var rows = new CopyRows(rejected.Count * 128);
        foreach (var r in rejected)
        {
            rows.StartRow(5);
            rows.Uuid(importId);
            rows.Bigint(r.Line);
            rows.Text(r.Iupd, r.Field, r.Reason);
        }
        await rows.CopyAsync(connection, $"COPY {S}.import_errors (import_id, line, iupd, field, reason) FROM STDIN (FORMAT BINARY)", ct);
    }
}
