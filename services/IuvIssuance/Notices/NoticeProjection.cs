using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Persistence;

namespace IuvIssuance.Notices;

// The notice read model (positions and their NAVs), kept from position snapshots: the one projection for single
// events and import chunks alike. A position takes a snapshot only when its version is higher, whatever the order of
// arrival, and then its NAV rows become exactly the snapshot's. The row values come from NoticeTables. A chunk of a
// fresh import is first written by COPY (its positions are new, and COPYs cost PostgreSQL several times less than the
// upsert); when any row is there already a COPY fails as a whole on the key, and the upsert, which any snapshot
// takes, applies the rule instead (ADRs 0016, 0042).
internal static class NoticeProjection
{
    private static readonly string[] PositionKey = ["organization_fiscal_code", "iupd"];

    // $1–$7 the positions, $8–$10 their NAVs, $11–$13 the NAVs the known positions had. The last SELECT names the
    // positions it updated (xmax is 0 on a row this statement inserted).
    private static readonly string Upsert = $"""
        WITH applied AS (
          INSERT INTO {NoticeTables.Positions.Table} AS p ({NoticeTables.Positions.List()})
          SELECT * FROM {NoticeTables.Positions.Unnest("u")}
          ON CONFLICT (organization_fiscal_code, iupd) DO UPDATE SET {NoticeTables.Positions.UpdateSet(PositionKey)}
          WHERE p.version < EXCLUDED.version
          RETURNING organization_fiscal_code, iupd, xmax <> 0 AS updated),
        navs AS (SELECT * FROM {NoticeTables.Navs.Unnest("o", 8)}),
        previous AS (SELECT * FROM {NoticeTables.Navs.Unnest("v", 11)}),
        gone AS (
          DELETE FROM {NoticeTables.Navs.Table} n
          USING previous v JOIN applied a ON a.organization_fiscal_code = v.organization_fiscal_code AND a.iupd = v.iupd
          WHERE n.organization_fiscal_code = v.organization_fiscal_code AND n.nav = v.nav
            AND NOT EXISTS (SELECT 1 FROM navs o WHERE o.organization_fiscal_code = v.organization_fiscal_code AND o.nav = v.nav)),
        added AS (
          INSERT INTO {NoticeTables.Navs.Table} ({NoticeTables.Navs.List()})
          SELECT o.* FROM navs o JOIN applied a ON a.organization_fiscal_code = o.organization_fiscal_code AND a.iupd = o.iupd
          ON CONFLICT DO NOTHING)
        SELECT organization_fiscal_code, iupd FROM applied WHERE updated
        """;

    // The positions already here, locked until the upsert commits: their stored snapshots name their NAV rows (there is
    // no index by position, ADR 0021).
    private static readonly string Known = $"""
        SELECT p.organization_fiscal_code, p.iupd, p.snapshot
        FROM unnest($1::text[], $2::text[]) AS u(org, iupd)
        JOIN {NoticeTables.Positions.Table} p ON p.organization_fiscal_code = u.org AND p.iupd = u.iupd
        FOR UPDATE OF p
        """;

    // Applies positions and commits, with whatever the DbContext holds (the inbox row). copyFirst: try COPYs first
    // (an import's chunk, whose positions are most likely new).
    public static async Task ApplyAsync(IuvDb db, IReadOnlyList<DebtPositionSnapshot> positions, DateTimeOffset now, bool copyFirst,
        CancellationToken ct)
    {
        var rows = positions.Select(p => new PositionRow(p, now)).ToList();
        var navs = positions.SelectMany(NoticeTables.NavRowsOf).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (!copyFirst) await UpsertAsync(connection, rows, navs, ct);
        else
        {
            await tx.CreateSavepointAsync("copy", ct);
            try
            {
                await CopyAsync(connection, rows, navs, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await tx.RollbackToSavepointAsync("copy", ct);
                await UpsertAsync(connection, rows, navs, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<PositionRow> rows, List<NavRow> navs, CancellationToken ct)
    {
        var positionRows = new CopyRows(rows.Count * 500);
        foreach (var row in rows) NoticeTables.Positions.Copy(positionRows, row);
        await positionRows.CopyAsync(connection, NoticeTables.Positions.CopyFromStdin, ct);
        var navRows = new CopyRows(navs.Count * 80);
        foreach (var nav in navs) NoticeTables.Navs.Copy(navRows, nav);
        await navRows.CopyAsync(connection, NoticeTables.Navs.CopyFromStdin, ct);
    }

    private static async Task UpsertAsync(NpgsqlConnection connection, List<PositionRow> rows, List<NavRow> navs, CancellationToken ct)
    {
        var (known, previous) = await KnownAsync(connection, rows, ct);
        await using var command = new NpgsqlCommand(Upsert, connection);
        NoticeTables.Positions.AddArrays(command.Parameters, rows);
        NoticeTables.Navs.AddArrays(command.Parameters, navs);
        NoticeTables.Navs.AddArrays(command.Parameters, previous);
        await using var updated = await command.ExecuteReaderAsync(ct);
        while (await updated.ReadAsync(ct))
            // Written by a transaction that committed after ours read the known positions: its NAV rows are not in
            // `previous`, so this attempt may have left them. Roll back; the retry sees that position as known.
            if (!known.Contains((updated.GetString(0), updated.GetString(1))))
                throw new InvalidOperationException($"notice position {updated.GetString(1)} was written concurrently; retry");
    }

    private static async Task<(HashSet<(string, string)> Known, List<NavRow> Navs)> KnownAsync(NpgsqlConnection connection, List<PositionRow> rows,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Known, connection);
        command.Parameters.AddWithValue(rows.Select(r => r.Snapshot.OrganizationFiscalCode).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Snapshot.Iupd).ToArray());
        var known = new HashSet<(string, string)>();
        var navs = new List<NavRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (organization, iupd) = (reader.GetString(0), reader.GetString(1));
            known.Add((organization, iupd));
            navs.AddRange(NoticePosition.NavsOf(reader.GetString(2)).Select(nav => new NavRow(organization, nav, iupd)));
        }
        return (known, navs);
    }
}
