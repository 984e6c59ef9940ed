using Contracts.NodeAdapter;
using Npgsql;
using NpgsqlTypes;

namespace Reporting;

// A stored flow row the consumer reports: an anomaly, a first reconciliation of its transfer, or both.
internal readonly record struct StoredFlowRow(
    string Iuv, string Iur, int IdTransfer, long AmountCents, int Outcome, string MatchStatus, string? Anomaly, bool Reconciles);

// Stores the rows of a flow revision and matches them against the paid transfers in SQL, set-based: the rows are
// binary-COPYed into a staging table, then one statement classifies each (the rules of Evaluate and the in-flow
// duplicate rule), inserts it and marks the transfers it reconciles for the first time. Row by row through EF, a
// large flow spent nearly all its time here (docs/bench/reconcile-flow.md, ADR 0065). The caller holds the EC's lock
// and the transaction.
internal static class FlowRowsMatch
{
    private const string S = ReportingDb.Schema;

    private const string Staging = """
        CREATE TEMP TABLE flow_rows_in (
            ord integer NOT NULL, row_index integer NOT NULL, iuv text NOT NULL, iur text NOT NULL, id_transfer integer NOT NULL,
            amount_cents bigint NOT NULL, outcome integer NOT NULL, pay_date date NOT NULL
        ) ON COMMIT DROP
        """;

    private const string Copy = "COPY flow_rows_in (ord, row_index, iuv, iur, id_transfer, amount_cents, outcome, pay_date) FROM STDIN (FORMAT BINARY)";

    // $1 EC, $2 flow id, $3 now. "seen" ranks the flow's rows with one key in the flow's order (1: the first), revocations
    // apart: a revocation (esito 3) legitimately repeats the key of the payment it revokes. A transfer already reported
    // by an earlier revision of this same flow matches again but is not announced again.
    private static readonly string Match = $"""
        WITH input AS (
            SELECT i.*,
                   row_number() OVER (PARTITION BY i.iuv, i.iur, i.id_transfer, i.outcome = 3 ORDER BY i.ord) AS seen,
                   CASE WHEN i.outcome IN (4, 8) THEN '{AnomalyKind.StandIn}' WHEN i.outcome = 9 THEN '{AnomalyKind.NoRpt}' END AS outcome_anomaly
            FROM flow_rows_in i
        ), judged AS (
            SELECT i.*, p.reconciled_flow_id,
                   CASE
                       WHEN i.outcome <> 3 AND i.seen > 1 THEN 'repeated'
                       WHEN i.outcome = 3 THEN 'revoked'
                       WHEN p.iuv IS NULL THEN 'no-receipt'
                       WHEN p.reconciled_flow_id <> $2 THEN 'other-flow'
                       WHEN p.amount_cents <> i.amount_cents THEN 'other-amount'
                       ELSE 'matched'
                   END AS verdict
            FROM input i
            LEFT JOIN {S}.paid_transfers p
              ON p.organization_fiscal_code = $1 AND p.iuv = i.iuv AND p.receipt_id = i.iur AND p.id_transfer = i.id_transfer
        ), classified AS MATERIALIZED (
            SELECT ord, row_index, iuv, iur, id_transfer, amount_cents, outcome, pay_date,
                   CASE verdict
                       WHEN 'revoked' THEN '{MatchStatus.Revoked}'
                       WHEN 'no-receipt' THEN '{MatchStatus.Unmatched}'
                       WHEN 'other-amount' THEN '{MatchStatus.Unmatched}'
                       WHEN 'matched' THEN '{MatchStatus.Matched}'
                       ELSE '{MatchStatus.Duplicate}'
                   END AS match_status,
                   CASE verdict
                       WHEN 'revoked' THEN '{AnomalyKind.Revoked}'
                       WHEN 'no-receipt' THEN coalesce(outcome_anomaly, '{AnomalyKind.MissingReceipt}')
                       WHEN 'other-amount' THEN '{AnomalyKind.AmountMismatch}'
                       WHEN 'matched' THEN outcome_anomaly
                       ELSE '{AnomalyKind.Duplicate}'
                   END AS anomaly,
                   verdict = 'matched' AND reconciled_flow_id IS NULL AS reconciles
            FROM judged
        ), stored AS (
            INSERT INTO {S}.flow_rows (organization_fiscal_code, flow_id, row_index, iuv, iur, id_transfer, amount_cents, outcome,
                                       pay_date, match_status, anomaly, matched_at)
            SELECT $1, $2, row_index, iuv, iur, id_transfer, amount_cents, outcome, pay_date, match_status, anomaly,
                   CASE WHEN match_status = '{MatchStatus.Matched}' THEN $3 END
            FROM classified ORDER BY ord
        ), reconciled AS (
            UPDATE {S}.paid_transfers p SET reconciled_flow_id = $2, reconciled_at = $3
            FROM classified c
            WHERE c.reconciles AND p.organization_fiscal_code = $1 AND p.iuv = c.iuv AND p.receipt_id = c.iur AND p.id_transfer = c.id_transfer
        )
        SELECT iuv, iur, id_transfer, amount_cents, outcome, match_status, anomaly, reconciles
        FROM classified WHERE anomaly IS NOT NULL OR reconciles ORDER BY ord
        """;

    // The rows that carry an anomaly or reconcile their transfer for the first time, in the flow's order.
    public static async Task<List<StoredFlowRow>> StoreAsync(
        NpgsqlConnection connection, string org, string flowId, IReadOnlyList<ReportedPayment> payments, DateTimeOffset now, CancellationToken ct)
    {
        await using (var staging = new NpgsqlCommand(Staging, connection)) await staging.ExecuteNonQueryAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync(Copy, ct))
        {
            for (var ord = 0; ord < payments.Count; ord++)
            {
                var p = payments[ord];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(ord, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.Index, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.Iuv, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Iur, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.IdTransfer, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.AmountCents, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(p.Outcome, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.PayDate, NpgsqlDbType.Date, ct);
            }
            await copy.CompleteAsync(ct);
        }
        // The planner knows nothing of a fresh temporary table: without statistics it may pick a nested loop.
        await using (var analyze = new NpgsqlCommand("ANALYZE flow_rows_in", connection)) await analyze.ExecuteNonQueryAsync(ct);

        await using var match = new NpgsqlCommand(Match, connection);
        match.Parameters.Add(new NpgsqlParameter { Value = org, NpgsqlDbType = NpgsqlDbType.Text });
        match.Parameters.Add(new NpgsqlParameter { Value = flowId, NpgsqlDbType = NpgsqlDbType.Text });
        match.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var rows = new List<StoredFlowRow>();
        await using var reader = await match.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt32(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7)));
        return rows;
    }
}
