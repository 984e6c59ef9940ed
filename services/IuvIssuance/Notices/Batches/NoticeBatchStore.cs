using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace IuvIssuance.Notices.Batches;

// The SQL of batches that EF would do row by row: item selection, progress, the stored file.
internal sealed class NoticeBatchStore(NpgsqlDataSource dataSource)
{
    public const int ChunkBytes = 1024 * 1024;

    // Explicit ids the read model does not know (at most 20, for the error message).
    public async Task<List<string>> UnknownIupdsAsync(string fc, string[] iupds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT u.iupd FROM unnest($2::text[]) AS u(iupd)
            WHERE NOT EXISTS (SELECT 1 FROM iuv_issuance.notice_positions p WHERE p.organization_fiscal_code = $1 AND p.iupd = u.iupd)
            LIMIT 20
            """);
        command.Parameters.AddWithValue(fc);
        command.Parameters.AddWithValue(iupds);
        var unknown = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) unknown.Add(reader.GetString(0));
        return unknown;
    }

    // Creates the batch and fixes its items in one transaction; returns the number of items. The selection runs
    // inside PostgreSQL: a filter over 100k positions never crosses the wire.
    public async Task<int> CreateAsync(Guid id, string fc, string? idempotencyKey, NoticeBatchRequest request, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO iuv_issuance.notice_batches (id, organization_fiscal_code, idempotency_key, selection, status, total, created_at)
            VALUES ($1, $2, $3, $4, 'queued', 0, $5)
            """, connection, tx))
        {
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(fc);
            insert.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)idempotencyKey ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(request, JsonSerializerOptions.Web));
            insert.Parameters.AddWithValue(now);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var items = ItemsCommand(connection, tx, id, fc, request);
        var total = await items.ExecuteNonQueryAsync(ct);
        await using (var update = new NpgsqlCommand("UPDATE iuv_issuance.notice_batches SET total = $2 WHERE id = $1", connection, tx))
        {
            update.Parameters.AddWithValue(id);
            update.Parameters.AddWithValue(total);
            await update.ExecuteNonQueryAsync(ct);
        }
        if (total == 0) { await tx.RollbackAsync(ct); return 0; }
        await tx.CommitAsync(ct);
        return total;
    }

    private static NpgsqlCommand ItemsCommand(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, string fc, NoticeBatchRequest request)
    {
        NpgsqlCommand command;
        if (request.Iupds is not null)
        {
            command = new NpgsqlCommand("""
                INSERT INTO iuv_issuance.notice_batch_items (batch_id, seq, iupd)
                SELECT $1, u.ord, u.iupd FROM unnest($2::text[]) WITH ORDINALITY AS u(iupd, ord)
                """, connection, tx);
            command.Parameters.AddWithValue(id);
            command.Parameters.AddWithValue(request.DistinctIupds());
            return command;
        }
        var filter = request.Filter!;
        command = new NpgsqlCommand("""
            INSERT INTO iuv_issuance.notice_batch_items (batch_id, seq, iupd)
            SELECT $1, row_number() OVER (ORDER BY iupd), iupd FROM iuv_issuance.notice_positions
            WHERE organization_fiscal_code = $2 AND status = ANY($3)
              AND ($4::text IS NULL OR left(iupd, length($4)) = $4)
              AND ($5::date IS NULL OR first_due_date >= $5) AND ($6::date IS NULL OR first_due_date <= $6)
            """, connection, tx);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(fc);
        command.Parameters.AddWithValue(filter.EffectiveStatuses);
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)filter.IupdPrefix ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.Date, (object?)filter.DueDateFrom ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.Date, (object?)filter.DueDateTo ?? DBNull.Value);
        return command;
    }

    // The next count item ids after afterSeq (keyset paging).
    public async Task<List<(int Seq, string Iupd)>> ItemsAsync(Guid id, int afterSeq, int count, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, iupd FROM iuv_issuance.notice_batch_items WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(afterSeq);
        command.Parameters.AddWithValue(count);
        var items = new List<(int, string)>(count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) items.Add((reader.GetInt32(0), reader.GetString(1)));
        return items;
    }

    public async Task ProgressAsync(Guid id, int rendered, int skipped, int pages, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE iuv_issuance.notice_batches SET rendered = $2, skipped = $3, pages = $4 WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(rendered);
        command.Parameters.AddWithValue(skipped);
        command.Parameters.AddWithValue(pages);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Stores the file as chunks and marks the batch completed in one transaction: the file appears whole or not at
    // all.
    public async Task CompleteAsync(Guid id, Stream file, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Items are no longer needed once the manifest in the zip records every position's outcome.
        foreach (var table in (string[])["notice_batch_chunks", "notice_batch_items"])
        {
            await using var clear = new NpgsqlCommand($"DELETE FROM iuv_issuance.{table} WHERE batch_id = $1", connection, tx);
            clear.Parameters.AddWithValue(id);
            await clear.ExecuteNonQueryAsync(ct);
        }
        var buffer = new byte[ChunkBytes];
        for (var seq = 0; ; seq++)
        {
            var read = await file.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, ct);
            if (read == 0) break;
            await using var insert = new NpgsqlCommand("INSERT INTO iuv_issuance.notice_batch_chunks (batch_id, seq, data) VALUES ($1, $2, $3)", connection, tx);
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(seq);
            insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = buffer.AsMemory(0, read), NpgsqlDbType = NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using (var done = new NpgsqlCommand(
            "UPDATE iuv_issuance.notice_batches SET status = 'completed', size_bytes = $2, completed_at = $3 WHERE id = $1", connection, tx))
        {
            done.Parameters.AddWithValue(id);
            done.Parameters.AddWithValue(file.Length);
            done.Parameters.AddWithValue(now);
            await done.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    // Deletes a finished batch and its file; false when it does not exist or is still queued or running.
    public async Task<bool> DeleteAsync(string fc, Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM iuv_issuance.notice_batches WHERE id = $1 AND organization_fiscal_code = $2 AND status IN ('completed', 'failed')");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(fc);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    // Copies the stored file to output one chunk at a time.
    public async Task CopyFileAsync(Guid id, Stream output, CancellationToken ct)
    {
        for (var seq = 0; ; seq++)
        {
            await using var command = dataSource.CreateCommand("SELECT data FROM iuv_issuance.notice_batch_chunks WHERE batch_id = $1 AND seq = $2");
            command.Parameters.AddWithValue(id);
            command.Parameters.AddWithValue(seq);
            if (await command.ExecuteScalarAsync(ct) is not byte[] chunk) return;
            await output.WriteAsync(chunk, ct);
        }
    }
}
