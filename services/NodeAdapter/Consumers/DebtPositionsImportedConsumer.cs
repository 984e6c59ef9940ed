using Contracts.DebtPositions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using NodeAdapter.Notices;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Persistence;

namespace NodeAdapter.Consumers;

/// <summary>
/// A bulk import's chunk into the read model of payable notices with a COPY (an upsert when some notice is there
/// already) and then a set-based withdraw, the same rules as <see cref="DebtPositionChangedConsumer"/>: a notice takes a snapshot only when its version is
/// higher, content_version moves when amount or transfers change, and notices missing from a newer
/// snapshot of their position are withdrawn. The inbox row commits in the same transaction.
/// </summary>
internal sealed class DebtPositionsImportedConsumer(NodeAdapterDb db, TimeProvider time) : IConsumer<DebtPositionsImported>
{
    private const string NoticesCopy = """
        COPY node_adapter.notices (organization_fiscal_code, iuv, nav, iupd, position_version, content_version, position_status,
          option_status, is_partial_payment, validity_date, amount_cents, description, due_date, retention_date, company_name, office_name,
          debtor, transfers, metadata, updated_at) FROM STDIN (FORMAT BINARY)
        """;

    private const string Upsert = """
        INSERT INTO node_adapter.notices AS n (organization_fiscal_code, iuv, nav, iupd, position_version, content_version, position_status,
          option_status, is_partial_payment, validity_date, amount_cents, description, due_date, retention_date, company_name, office_name,
          debtor, transfers, metadata, updated_at)
        SELECT org, iuv, nav, iupd, version, version, position_status, option_status, partial, validity, amount, description, due, retention,
          company, office, debtor, transfers, metadata, $19
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::boolean[], $9::timestamptz[],
          $10::bigint[], $11::text[], $12::date[], $13::timestamptz[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
          AS u(org, iuv, nav, iupd, version, position_status, option_status, partial, validity, amount, description, due, retention,
               company, office, debtor, transfers, metadata)
        ON CONFLICT (organization_fiscal_code, iuv) DO UPDATE SET
          nav = EXCLUDED.nav, iupd = EXCLUDED.iupd, position_version = EXCLUDED.position_version,
          content_version = CASE WHEN n.amount_cents <> EXCLUDED.amount_cents OR jsonb_strip_nulls(n.transfers::jsonb) <> jsonb_strip_nulls(EXCLUDED.transfers::jsonb)
                                 THEN EXCLUDED.position_version ELSE n.content_version END,
          position_status = EXCLUDED.position_status, option_status = EXCLUDED.option_status,
          is_partial_payment = EXCLUDED.is_partial_payment, validity_date = EXCLUDED.validity_date, amount_cents = EXCLUDED.amount_cents,
          description = EXCLUDED.description, due_date = EXCLUDED.due_date, retention_date = EXCLUDED.retention_date,
          company_name = EXCLUDED.company_name, office_name = EXCLUDED.office_name, debtor = EXCLUDED.debtor,
          transfers = EXCLUDED.transfers, metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at
        WHERE n.position_version < EXCLUDED.position_version
        """;

    // Runs after the chunk's notices are written. A position's notices all carry its latest version (each snapshot
    // rewrites or withdraws every notice of its position), so one below the highest version of its position is a notice
    // that the latest snapshot no longer has: dropped by this chunk, or, when a newer single event overtook the chunk,
    // written by this late chunk for an option the newer version had already replaced. Either way it is withdrawn.
    private const string Withdraw = """
        UPDATE node_adapter.notices n SET position_version = latest.version, position_status = 'WITHDRAWN', updated_at = $3
        FROM (SELECT m.organization_fiscal_code AS org, m.iupd, max(m.position_version) AS version
              FROM unnest($1::text[], $2::text[]) AS p(org, iupd)
              JOIN node_adapter.notices m ON m.organization_fiscal_code = p.org AND m.iupd = p.iupd
              GROUP BY m.organization_fiscal_code, m.iupd
              HAVING min(m.position_version) < max(m.position_version)) AS latest
        WHERE n.organization_fiscal_code = latest.org AND n.iupd = latest.iupd AND n.position_version < latest.version
        """;

    // Index probes cost the same whatever the table's size. Left to itself, the planner hashed the positions against a
    // sequential scan of the whole table whenever its statistics were behind (a table filling up, or just emptied), a
    // cost that grew with every chunk (docs/bench/bulk-import.md).
    private const string ProbeByIndex =
        "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";

    public async Task Consume(ConsumeContext<DebtPositionsImported> context)
    {
        var ct = context.CancellationToken;
        var positions = context.Message.Positions;
        var now = time.GetUtcNow();
        var rows = positions.SelectMany(p => p.Options.Select(o => (Position: p, Option: o))).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Fast path: the notices of a fresh import are new, so a plain COPY writes them (much cheaper for
        // PostgreSQL than the upsert). If any is in the read model already (a single event overtook the chunk), the COPY fails as a
        // whole on the unique key and the upsert applies "highest version wins" row by row instead.
        await tx.CreateSavepointAsync("copy", ct);
        try
        {
            await CopyAsync(connection, rows, now, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackToSavepointAsync("copy", ct);
            await UpsertAsync(connection, rows, now, ct);
        }
        await WithdrawMissingAsync(connection, positions, now, ct);
        await db.SaveChangesAsync(ct); // the inbox row added by the inbox filter
        await tx.CommitAsync(ct);
    }

    private static async Task WithdrawMissingAsync(NpgsqlConnection connection, IReadOnlyList<DebtPositionSnapshot> positions, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand(ProbeByIndex), new NpgsqlBatchCommand(Withdraw) },
        };
        var withdraw = batch.BatchCommands[1].Parameters;
        withdraw.AddWithValue(positions.Select(p => p.OrganizationFiscalCode).ToArray());
        withdraw.AddWithValue(positions.Select(p => p.Iupd).ToArray());
        withdraw.AddWithValue(now);
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<(DebtPositionSnapshot Position, PaymentOptionSnapshot Option)> rows,
        DateTimeOffset now, CancellationToken ct)
    {
        var copy = new CopyRows(rows.Count * 700);
        foreach (var (position, option) in rows)
        {
            copy.StartRow(20);
            copy.Text(position.OrganizationFiscalCode, option.Iuv, option.Nav, position.Iupd);
            copy.Bigint(position.Version);
            copy.Bigint(position.Version);
            copy.Text(position.Status, option.Status);
            copy.Boolean(option.IsPartialPayment);
            copy.Instant(position.ValidityDate);
            copy.Bigint(option.AmountCents);
            copy.Text(option.Description);
            copy.Date(option.DueDate);
            copy.Instant(option.RetentionDate);
            copy.Text(position.CompanyName, position.OfficeName, PayableNotice.DebtorJson(position, option), PayableNotice.TransfersJson(option),
                PayableNotice.MetadataJson(option));
            copy.Instant(now);
        }
        await copy.CopyAsync(connection, NoticesCopy, ct);
    }

    private static async Task UpsertAsync(NpgsqlConnection connection, List<(DebtPositionSnapshot Position, PaymentOptionSnapshot Option)> rows,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var upsert = new NpgsqlCommand(Upsert, connection);
        Add(upsert, rows.Select(r => r.Position.OrganizationFiscalCode));
        Add(upsert, rows.Select(r => r.Option.Iuv));
        Add(upsert, rows.Select(r => r.Option.Nav));
        Add(upsert, rows.Select(r => r.Position.Iupd));
        upsert.Parameters.AddWithValue(rows.Select(r => r.Position.Version).ToArray());
        Add(upsert, rows.Select(r => r.Position.Status));
        Add(upsert, rows.Select(r => r.Option.Status));
        upsert.Parameters.AddWithValue(rows.Select(r => r.Option.IsPartialPayment).ToArray());
        AddInstants(upsert, rows.Select(r => r.Position.ValidityDate));
        upsert.Parameters.AddWithValue(rows.Select(r => r.Option.AmountCents).ToArray());
        Add(upsert, rows.Select(r => r.Option.Description));
        upsert.Parameters.AddWithValue(rows.Select(r => r.Option.DueDate).ToArray());
        AddInstants(upsert, rows.Select(r => r.Option.RetentionDate));
        Add(upsert, rows.Select(r => r.Position.CompanyName));
        Add(upsert, rows.Select(r => r.Position.OfficeName));
        Add(upsert, rows.Select(r => PayableNotice.DebtorJson(r.Position, r.Option)));
        Add(upsert, rows.Select(r => PayableNotice.TransfersJson(r.Option)));
        Add(upsert, rows.Select(r => PayableNotice.MetadataJson(r.Option)));
        upsert.Parameters.AddWithValue(now);
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static void Add(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static void AddInstants(NpgsqlCommand command, IEnumerable<DateTimeOffset?> values) =>
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = values.Select(v => v?.UtcDateTime).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
}
