using NodeAdapter.Notices;
using Npgsql;
using Xunit;

namespace NodeAdapter.Tests;

// The projection's withdraw runs for every chunk of an import (ADR 0096): it must read each position's notices
// through the (organization, iupd) index, never the whole notices table, which would cost more with every chunk. The
// test explains the very command the projection sends for a chunk of a thousand positions just written, over twenty
// thousand notices added and analysed in a transaction that is rolled back: a table of that size is where a plain
// join of the chunk with the notices turns into a scan.
public sealed class WithdrawPlanTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    private const int Notices = 20_000;

    [Fact]
    public async Task A_chunks_withdraw_reads_each_positions_notices_by_index_and_scans_nothing()
    {
        var chunk = Enumerable.Range(Notices - 999, 1000).ToList();

        var plan = await PlanAsync(chunk);

        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal)
                                            || line.Contains("Hash Join", StringComparison.Ordinal)
                                            || line.Contains("Merge Join", StringComparison.Ordinal));
        // Twice through the index: the versions stored for each position, then the notices to withdraw.
        Assert.Equal(2, plan.Count(line => line.Contains("Index Cond: ((organization_fiscal_code = ", StringComparison.Ordinal)
                                           && line.Contains("AND (iupd = ", StringComparison.Ordinal)));
        Assert.Equal(2, plan.Count(line => line.Contains("ix_notices_org_iupd", StringComparison.Ordinal)));
    }

    private async Task<List<string>> PlanAsync(List<int> chunk)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var fill = new NpgsqlCommand(Fill, connection, tx)) await fill.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + NoticeProjection.Withdraw, connection, tx);
        explain.Parameters.AddWithValue(chunk.Select(_ => NodeAdapterApp.Organization).ToArray());
        explain.Parameters.AddWithValue(chunk.Select(i => $"PLAN-{i}").ToArray());
        explain.Parameters.AddWithValue(chunk.Select(_ => 1L).ToArray());
        explain.Parameters.AddWithValue(DateTimeOffset.UtcNow);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        await tx.RollbackAsync();
        return plan;
    }

    // One notice per position, as an import writes them, at the sizes of real rows.
    private static readonly string Fill = $$"""
        INSERT INTO node_adapter.notices (organization_fiscal_code, iuv, nav, iupd, position_version, content_version, position_status,
          option_status, is_partial_payment, amount_cents, description, due_date, company_name, debtor, transfers, metadata, updated_at)
        SELECT '{{NodeAdapterApp.Organization}}', lpad(g::text, 17, '0'), '3' || lpad(g::text, 17, '0'), 'PLAN-' || g, 1, 1, 'VALID',
               'PO_UNPAID', false, 10000 + g % 5000, 'TARI 2026', date '2027-01-01', 'Comune di Demo',
               '{"type":"F","fiscalCode":"RSSMRA80A01H501U","fullName":"Mario Rossi ' || g || '"}',
               '[{"idTransfer":1,"amount":' || (10000 + g % 5000) || ',"iban":"IT60X0542811101000000123456","category":"9/0101108TS/"}]',
               '{}', now()
        FROM generate_series(1, {{Notices}}) g;
        ANALYZE node_adapter.notices;
        """;
}
