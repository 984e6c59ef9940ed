using Testing;

namespace DebtPositions.Tests;

internal static class PositionRows
{
    // Every row of a position (itself, its notices, transfers, history, reported transfers) with the transaction that
    // last wrote it (xmin): a row inserted, updated or deleted by a later delivery changes the fingerprint.
    public static Task<string?> FingerprintAsync(TestDatabase database, string iupd) => database.ScalarAsync<string>($"""
        WITH p AS (SELECT id, xmin AS x FROM debt_positions.positions WHERE iupd = '{iupd}'),
             o AS (SELECT o.id, o.organization_fiscal_code, o.iuv, o.xmin AS x FROM debt_positions.payment_options o JOIN p ON o.position_id = p.id)
        SELECT string_agg(row, ' ' ORDER BY row) FROM (
          SELECT 'position:' || p.id || '@' || p.x AS row FROM p
          UNION ALL SELECT 'option:' || o.id || '@' || o.x FROM o
          UNION ALL SELECT 'transfer:' || t.payment_option_id || '/' || t.id_transfer || '@' || t.xmin
            FROM debt_positions.transfers t JOIN o ON t.payment_option_id = o.id
          UNION ALL SELECT 'history:' || h.id || '@' || h.xmin FROM debt_positions.position_history h JOIN p ON h.position_id = p.id
          UNION ALL SELECT 'reported:' || r.iuv || '/' || r.id_transfer || '@' || r.xmin
            FROM debt_positions.reported_transfers r JOIN o ON r.organization_fiscal_code = o.organization_fiscal_code AND r.iuv = o.iuv) rows
        """);
}
