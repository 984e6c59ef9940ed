using System.Buffers;
using Contracts.DebtPositions;
using IuvIssuance.Notices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Persistence;

namespace IuvIssuance.Consumers;

/// <summary>
/// A bulk import's chunk into the notice read model by COPY (one set-based statement when some position is there
/// already), with the rules of
/// <see cref="DebtPositionChangedConsumer"/>: a position takes a snapshot only when its version is higher,
/// and the NAVs of the positions it updated are replaced by the snapshot's. The inbox row commits with it.
/// </summary>
internal sealed class DebtPositionsImportedConsumer(IuvDb db, TimeProvider time) : IConsumer<DebtPositionsImported>
{
    private const string Sql = """
        WITH applied AS (
          INSERT INTO iuv_issuance.notice_positions AS p (organization_fiscal_code, iupd, version, status, first_due_date, snapshot, received_at)
          SELECT org, iupd, version, status, first_due, snapshot, $7
          FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::date[], $6::text[]) AS u(org, iupd, version, status, first_due, snapshot)
          ON CONFLICT (organization_fiscal_code, iupd) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status,
            first_due_date = EXCLUDED.first_due_date, snapshot = EXCLUDED.snapshot, received_at = EXCLUDED.received_at
          WHERE p.version < EXCLUDED.version
          RETURNING organization_fiscal_code, iupd),
        navs AS (SELECT * FROM unnest($8::text[], $9::text[], $10::text[]) AS o(org, nav, iupd)),
        previous AS (SELECT * FROM unnest($11::text[], $12::text[], $13::text[]) AS v(org, iupd, nav)),
        gone AS (
          DELETE FROM iuv_issuance.notice_navs n USING previous v JOIN applied a ON a.organization_fiscal_code = v.org AND a.iupd = v.iupd
          WHERE n.organization_fiscal_code = v.org AND n.nav = v.nav
            AND NOT EXISTS (SELECT 1 FROM navs o WHERE o.org = v.org AND o.nav = v.nav))
        INSERT INTO iuv_issuance.notice_navs (organization_fiscal_code, nav, iupd)
        SELECT o.org, o.nav, o.iupd FROM navs o JOIN applied a ON a.organization_fiscal_code = o.org AND a.iupd = o.iupd
        ON CONFLICT DO NOTHING
        """;

    // The positions of the chunk already here, locked until the upsert commits: their stored snapshots name their NAV rows.
    private const string Known = """
        SELECT p.organization_fiscal_code, p.iupd, p.snapshot
        FROM unnest($1::text[], $2::text[]) AS u(org, iupd)
        JOIN iuv_issuance.notice_positions p ON p.organization_fiscal_code = u.org AND p.iupd = u.iupd
        FOR UPDATE OF p
        """;

    public async Task Consume(ConsumeContext<DebtPositionsImported> context)
    {
        var ct = context.CancellationToken;
        var positions = context.Message.Positions;
        var now = time.GetUtcNow();
        var navs = positions.SelectMany(p => p.Options.Where(o => !string.IsNullOrEmpty(o.Nav)).Select(o => (p.OrganizationFiscalCode, o.Nav, p.Iupd))).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Fast path: a fresh import's positions and NAVs are new, so plain COPYs write them (the upsert with its
        // joins costs PostgreSQL several times as much). If any is here already (a single event overtook the chunk), a COPY
        // fails as a whole on the unique key and the set-based statement applies "highest version wins" instead.
        await tx.CreateSavepointAsync("copy", ct);
        try
        {
            await CopyAsync(connection, positions, navs, now, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackToSavepointAsync("copy", ct);
            await UpsertAsync(connection, positions, navs, now, ct);
        }
        await db.SaveChangesAsync(ct); // the inbox row added by the inbox filter
        await tx.CommitAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<DebtPositionSnapshot> positions,
        List<(string OrganizationFiscalCode, string Nav, string Iupd)> navs, DateTimeOffset now, CancellationToken ct)
    {
        var positionRows = new CopyRows(positions.Count * 500);
        var snapshot = new ArrayBufferWriter<byte>(512);
        foreach (var position in positions)
        {
            positionRows.StartRow(7);
            positionRows.Text(position.OrganizationFiscalCode, position.Iupd);
            positionRows.Bigint(position.Version);
            positionRows.Text(position.Status);
            positionRows.Date(NoticePosition.FirstDueDateOf(position));
            snapshot.ResetWrittenCount();
            NoticePosition.WriteSnapshot(snapshot, position);
            positionRows.Text(snapshot.WrittenSpan);
            positionRows.Instant(now);
        }
        await positionRows.CopyAsync(connection, """
            COPY iuv_issuance.notice_positions (organization_fiscal_code, iupd, version, status, first_due_date, snapshot, received_at)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        var navRows = new CopyRows(navs.Count * 80);
        foreach (var (organization, nav, iupd) in navs)
        {
            navRows.StartRow(3);
            navRows.Text(organization, nav, iupd);
        }
        await navRows.CopyAsync(connection, "COPY iuv_issuance.notice_navs (organization_fiscal_code, nav, iupd) FROM STDIN (FORMAT BINARY)", ct);
    }

    private static async Task UpsertAsync(NpgsqlConnection connection, IReadOnlyList<DebtPositionSnapshot> positions,
        List<(string OrganizationFiscalCode, string Nav, string Iupd)> navs, DateTimeOffset now, CancellationToken ct)
    {
        // A position's NAV rows are the NAVs of its stored snapshot (there is no index by position, ADR 0021).
        var previous = await PreviousNavsAsync(connection, positions, ct);
        await using var command = new NpgsqlCommand(Sql, connection);
        Text(command, positions.Select(p => p.OrganizationFiscalCode));
        Text(command, positions.Select(p => p.Iupd));
        command.Parameters.AddWithValue(positions.Select(p => p.Version).ToArray());
        Text(command, positions.Select(p => p.Status));
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = positions.Select(NoticePosition.FirstDueDateOf).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date,
        });
        Text(command, positions.Select(NoticePosition.SnapshotJson));
        command.Parameters.AddWithValue(now);
        Text(command, navs.Select(n => n.OrganizationFiscalCode));
        Text(command, navs.Select(n => n.Nav));
        Text(command, navs.Select(n => n.Iupd));
        Text(command, previous.Select(n => n.OrganizationFiscalCode));
        Text(command, previous.Select(n => n.Iupd));
        Text(command, previous.Select(n => n.Nav));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<(string OrganizationFiscalCode, string Iupd, string Nav)>> PreviousNavsAsync(NpgsqlConnection connection,
        IReadOnlyList<DebtPositionSnapshot> positions, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Known, connection);
        Text(command, positions.Select(p => p.OrganizationFiscalCode));
        Text(command, positions.Select(p => p.Iupd));
        var navs = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (organization, iupd) = (reader.GetString(0), reader.GetString(1));
            navs.AddRange(NoticePosition.NavsOf(reader.GetString(2)).Select(nav => (organization, iupd, nav)));
        }
        return navs;
    }

    private static void Text(NpgsqlCommand command, IEnumerable<string> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
}
