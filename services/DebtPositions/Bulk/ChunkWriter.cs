using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace DebtPositions.Bulk;

/// <summary>
/// Commits one chunk in one transaction: positions, notices and transfers by binary COPY (ids of positions
/// and notices reserved from their identity sequences first, so children can point at them; no history rows:
/// the import tells how its positions began, ADR 0011),
/// the rejected rows, one <see cref="DebtPositionsImported"/> in the outbox, and the import's progress.
/// Conventions §6: bulk writes use binary COPY (≈10× EF batches here).
/// </summary>
internal sealed class ChunkWriter(DebtPositionsDb db, TimeProvider time, ILogger<ChunkWriter> logger)
{
    private const string S = DebtPositionsDb.Schema;

    /// <summary>False when a cancel was requested: the chunk is committed and the import stops.</summary>
    /// <param name="predecessor">The write of the chunk before this one: this one's cursor update waits for it to end.</param>
    public async Task<bool> WriteAsync(PendingImport import, int chunk, PreparedChunk prepared, Task predecessor, CancellationToken ct)
    {
        var (positions, rejected, now) = (prepared.Positions, prepared.Rejected, prepared.PreparedAt);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var marks = new List<double>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var positionIds = await ReserveAsync(connection, "positions", positions.Count, ct);
        var optionIds = await ReserveAsync(connection, "payment_options", positions.Sum(p => p.Options.Count), ct);
        await CopyPositionsAsync(connection, positions, positionIds, ct);
        marks.Add(clock.Elapsed.TotalMilliseconds);
        await CopyOptionsAsync(connection, positions, positionIds, optionIds, ct);
        marks.Add(clock.Elapsed.TotalMilliseconds);
        await CopyTransfersAsync(connection, positions, optionIds, now, ct);
        marks.Add(clock.Elapsed.TotalMilliseconds);
        await CopyRejectionsAsync(connection, import.Id, rejected, ct);
        if (prepared is { Snapshots: { } snapshots, Change: { } change })
        {
            db.AddToOutbox(new DebtPositionsImported(import.Id, chunk, snapshots, change, import.Cause, now), time);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        // A faster writer could otherwise reach the cursor before its predecessor has even taken the import row, find the
        // cursor one behind and fail the import round for nothing (seen with two writers): wait for it to commit or fail.
        await predecessor.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var cancel = await ProgressAsync(connection, import.Id, prepared, rejected.Select(r => r.Line).Distinct().Count(), chunk, ct)
            ?? throw new InvalidOperationException($"import {import.Id}: chunk {chunk} cannot commit, the chunk before it did not (it is retried from the last committed one)");
        marks.Add(clock.Elapsed.TotalMilliseconds);
        await tx.CommitAsync(ct);
        marks.Add(clock.Elapsed.TotalMilliseconds);
        logger.LogDebug("Import {ImportId} chunk {Chunk} of {Rows} rows written in ms (cumulative: positions, notices, transfers, outbox and progress, commit): {Marks}",
            import.Id, chunk, prepared.RowsRead, string.Join(' ', marks.Select(m => m.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        return !cancel;
    }

    private static async Task<long[]> ReserveAsync(NpgsqlConnection connection, string table, int count, CancellationToken ct)
    {
        // The sequence is looked up once: pg_get_serial_sequence per row (a catalogue search each) made this 8 ms a chunk instead of 1.
        await using var command = new NpgsqlCommand($"""
            WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('{S}.{table}', 'id')::regclass AS seq)
            SELECT nextval(s.seq) FROM s, generate_series(1, $1)
            """, connection);
        command.Parameters.AddWithValue(count);
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
        return ids;
    }

    // COPY FROM writes the given values into identity columns (like OVERRIDING SYSTEM VALUE): the reserved ids.
    private static async Task CopyPositionsAsync(NpgsqlConnection connection, List<Position> positions, long[] ids, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"""
            COPY {S}.positions (id, organization_fiscal_code, iupd, status, version, type, fiscal_code, full_name, street_name, civic_number,
              postal_code, city, province, region, country, email, phone, company_name, office_name, switch_to_expired, pay_stand_in,
              validity_date, inserted_date, publish_date, last_updated_date, revenue_type, external_reference, import_id) FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var i = 0; i < positions.Count; i++)
        {
            var p = positions[i];
            copy.StartRow();
            copy.Write(ids[i], NpgsqlDbType.Bigint);
            copy.WriteText(p.OrganizationFiscalCode, p.Iupd, p.Status);
            copy.Write(p.Version, NpgsqlDbType.Bigint);
            copy.WriteText(p.Type, p.FiscalCode, p.FullName, p.StreetName, p.CivicNumber, p.PostalCode, p.City, p.Province, p.Region,
                p.Country, p.Email, p.Phone, p.CompanyName, p.OfficeName);
            copy.Write(p.SwitchToExpired, NpgsqlDbType.Boolean);
            copy.Write(p.PayStandIn, NpgsqlDbType.Boolean);
            copy.WriteInstant(p.ValidityDate, p.InsertedDate, p.PublishDate, p.LastUpdatedDate);
            copy.WriteText(p.RevenueType, p.ExternalReference);
            copy.Write(p.ImportId!.Value, NpgsqlDbType.Uuid);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyOptionsAsync(NpgsqlConnection connection, List<Position> positions, long[] positionIds, long[] ids, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"""
            COPY {S}.payment_options (id, position_id, organization_fiscal_code, iuv, nav, amount, description, is_partial_payment, due_date,
              retention_date, fee, notification_fee, status, metadata, inserted_date, last_updated_date, notification_date, actualisation_rule,
              debtor, payment_plan_id, plan_description) FROM STDIN (FORMAT BINARY)
            """, ct);
        var k = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            foreach (var o in positions[i].Options)
            {
                copy.StartRow();
                copy.Write(ids[k++], NpgsqlDbType.Bigint);
                copy.Write(positionIds[i], NpgsqlDbType.Bigint);
                copy.WriteText(o.OrganizationFiscalCode, o.Iuv, o.Nav);
                copy.Write(o.Amount, NpgsqlDbType.Bigint);
                copy.WriteText(o.Description);
                copy.Write(o.IsPartialPayment, NpgsqlDbType.Boolean);
                copy.WriteInstant(o.DueDate, o.RetentionDate);
                copy.Write(o.Fee, NpgsqlDbType.Bigint);
                copy.Write(o.NotificationFee, NpgsqlDbType.Bigint);
                copy.WriteText(o.Status);
                copy.Write(o.Metadata, NpgsqlDbType.Jsonb);
                copy.WriteInstant(o.InsertedDate, o.LastUpdatedDate);
                if (o.NotificationDate is { } d) copy.Write(d, NpgsqlDbType.Date); else copy.WriteNull();
                copy.WriteText(o.ActualisationRule);
                if (o.Debtor is { } debtor) copy.Write(debtor, NpgsqlDbType.Jsonb); else copy.WriteNull();
                copy.WriteText(o.PaymentPlanId, o.PlanDescription);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyTransfersAsync(NpgsqlConnection connection, List<Position> positions, long[] optionIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"""
            COPY {S}.transfers (payment_option_id, id_transfer, amount, organization_fiscal_code, company_name, remittance_information, category,
              iban, postal_iban, stamp_hash_document, stamp_type, stamp_provincial_residence, status, metadata, inserted_date, last_updated_date,
              accounting_chapter, accounting_assessment) FROM STDIN (FORMAT BINARY)
            """, ct);
        var k = 0;
        foreach (var option in positions.SelectMany(p => p.Options))
        {
            var optionId = optionIds[k++];
            foreach (var t in option.Transfers)
            {
                copy.StartRow();
                copy.Write(optionId, NpgsqlDbType.Bigint);
                copy.Write(t.IdTransfer, NpgsqlDbType.Integer);
                copy.Write(t.Amount, NpgsqlDbType.Bigint);
                copy.WriteText(t.OrganizationFiscalCode, t.CompanyName, t.RemittanceInformation, t.Category, t.Iban, t.PostalIban,
                    t.StampHashDocument, t.StampType, t.StampProvincialResidence, t.Status);
                copy.Write(t.Metadata, NpgsqlDbType.Jsonb);
                copy.WriteInstant(t.InsertedDate, t.LastUpdatedDate);
                copy.WriteText(t.AccountingChapter, t.AccountingAssessment);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyRejectionsAsync(NpgsqlConnection connection, Guid importId, List<Rejection> rejected, CancellationToken ct)
    {
        if (rejected.Count == 0) return;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {S}.import_errors (import_id, line, iupd, field, reason) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rejected)
        {
            copy.StartRow();
            copy.Write(importId, NpgsqlDbType.Uuid);
            copy.Write(r.Line, NpgsqlDbType.Bigint);
            copy.WriteText(r.Iupd, r.Field, r.Reason);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>
    /// Advances the cursor: only from the chunk before this one, whose commit this UPDATE waits for (its row lock).
    /// A concurrent writer therefore commits after its predecessor, and never when the predecessor failed (null).
    /// </summary>
    private static async Task<bool?> ProgressAsync(NpgsqlConnection connection, Guid id, PreparedChunk prepared, int rejectedRows, int chunk, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {S}.imports SET rows_read = rows_read + $2, rows_imported = rows_imported + $3, rows_rejected = rows_rejected + $4,
              chunks_done = $5, bytes_read = $6, updated_at = $7
            WHERE id = $1 AND chunks_done = $5 - 1 RETURNING cancel_requested
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue((long)prepared.RowsRead);
        command.Parameters.AddWithValue((long)prepared.Positions.Count);
        command.Parameters.AddWithValue((long)rejectedRows);
        command.Parameters.AddWithValue(chunk + 1);
        command.Parameters.AddWithValue(prepared.BytesRead);
        command.Parameters.AddWithValue(prepared.PreparedAt);
        return await command.ExecuteScalarAsync(ct) is bool cancel ? cancel : null;
    }
}
