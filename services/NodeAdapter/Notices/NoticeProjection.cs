using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Persistence;

namespace NodeAdapter.Notices;

// The read model of payable notices, kept from position snapshots: the one projection for single events and import
// chunks alike. Its rules, whatever the order of arrival: - an option replaces its notice only when the snapshot's
// version is higher (highest version wins); - content_version moves only when the amount or the transfers change; - a
// notice that the latest snapshot of its position no longer has is withdrawn, never payable. The row values come from
// NoticeTable. A chunk of a fresh import is first written by COPY (its notices are new, and a COPY costs PostgreSQL
// much less than the upsert); when any notice is there already the COPY fails as a whole on the key and the upsert,
// which any snapshot takes, applies the rules instead (ADRs 0016, 0042).
internal static class NoticeProjection
{
    // By meaning, not by text: a row written by an earlier release (jsonb's own layout, or with nulls) holds the same
    // transfers in other words, and a false "changed" would void amount schedules computed for this content.
    private const string ContentVersionRule = """
        CASE WHEN n.amount_cents <> EXCLUDED.amount_cents
               OR jsonb_strip_nulls(n.transfers::jsonb) <> jsonb_strip_nulls(EXCLUDED.transfers::jsonb)
             THEN EXCLUDED.position_version ELSE n.content_version END
        """;

    private static readonly string Upsert = $"""
        INSERT INTO {NoticeTable.Columns.Table} AS n ({NoticeTable.Columns.List()})
        SELECT * FROM {NoticeTable.Columns.Unnest("u")}
        ON CONFLICT (organization_fiscal_code, iuv) DO UPDATE SET
          {NoticeTable.Columns.UpdateSet(["organization_fiscal_code", "iuv"], new Dictionary<string, string> { ["content_version"] = ContentVersionRule })}
        WHERE n.position_version < EXCLUDED.position_version
        """;

    // Runs after the snapshots' notices are written. A position's notices all carry its latest version (each snapshot
    // rewrites or withdraws every notice of its position), so a notice below the highest version of its position (or
    // below the snapshot's, when it has no option any more) is one the latest snapshot does not have: dropped by this
    // snapshot, or, when a newer one overtook it, written by this late snapshot for an option the newer version had
    // already replaced. Either way it is withdrawn.
    // By index, whatever the table's size and statistics (ADR 0096): the versions stored for a position come from a
    // LATERAL aggregate, which the planner cannot merge into a join and so runs once per position on the (organization,
    // iupd) index; the few positions left to withdraw are updated through the same index. A plain join of the chunk's
    // positions with the notices is hashed against a read of the whole table while it is small or its statistics lag.
    internal static readonly string Withdraw = $"""
        UPDATE {NoticeTable.Columns.Table} n SET position_version = latest.version, position_status = '{NoticeStatus.Withdrawn}', updated_at = $4
        FROM (SELECT p.org, p.iupd, greatest(max(p.version), stored.highest) AS version
              FROM unnest($1::text[], $2::text[], $3::bigint[]) AS p(org, iupd, version)
              CROSS JOIN LATERAL (SELECT min(m.position_version) AS lowest, max(m.position_version) AS highest
                                  FROM {NoticeTable.Columns.Table} m WHERE m.organization_fiscal_code = p.org AND m.iupd = p.iupd) AS stored
              GROUP BY p.org, p.iupd, stored.lowest, stored.highest
              HAVING stored.lowest < greatest(max(p.version), stored.highest)) AS latest
        WHERE n.organization_fiscal_code = latest.org AND n.iupd = latest.iupd AND n.position_version < latest.version
        """;

    // Applies positions and commits, with whatever the DbContext holds (the inbox row). copyFirst: try a COPY first
    // (an import's chunk, whose notices are most likely new).
    public static async Task ApplyAsync(NodeAdapterDb db, IReadOnlyList<DebtPositionSnapshot> positions, DateTimeOffset now, bool copyFirst,
        CancellationToken ct)
    {
        var rows = Rows(positions, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (!copyFirst) await UpsertAsync(connection, rows, ct);
        else
        {
            await tx.CreateSavepointAsync("copy", ct);
            try
            {
                var copy = new CopyRows(rows.Count * 700);
                foreach (var row in rows) NoticeTable.Columns.Copy(copy, row);
                await copy.CopyAsync(connection, NoticeTable.Columns.CopyFromStdin, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await tx.RollbackToSavepointAsync("copy", ct);
                await UpsertAsync(connection, rows, ct);
            }
        }
        await WithdrawReplacedAsync(connection, positions, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static List<NoticeRow> Rows(IReadOnlyList<DebtPositionSnapshot> positions, DateTimeOffset now)
    {
        var rows = new List<NoticeRow>(positions.Count);
        foreach (var position in positions)
            foreach (var option in position.Options) rows.Add(new NoticeRow(position, option, now));
        return rows;
    }

    private static async Task UpsertAsync(NpgsqlConnection connection, List<NoticeRow> rows, CancellationToken ct)
    {
        await using var upsert = new NpgsqlCommand(Upsert, connection);
        NoticeTable.Columns.AddArrays(upsert.Parameters, rows);
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static async Task WithdrawReplacedAsync(NpgsqlConnection connection, IReadOnlyList<DebtPositionSnapshot> positions, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var withdraw = new NpgsqlCommand(Withdraw, connection);
        withdraw.Parameters.AddWithValue(positions.Select(p => p.OrganizationFiscalCode).ToArray());
        withdraw.Parameters.AddWithValue(positions.Select(p => p.Iupd).ToArray());
        withdraw.Parameters.AddWithValue(positions.Select(p => p.Version).ToArray());
        withdraw.Parameters.AddWithValue(now.ToUniversalTime()); // Npgsql writes timestamptz from UTC only; a clock may give any offset
        await withdraw.ExecuteNonQueryAsync(ct);
    }
}
