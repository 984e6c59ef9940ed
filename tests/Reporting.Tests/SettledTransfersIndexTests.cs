using Npgsql;
using Xunit;

namespace Reporting.Tests;

// The reconciliation view's branch of settled notices without a receipt reads an index of settled transfers only, not
// every transfer of the EC: an EC's transfers are mostly unpaid ones (plans: docs/bench/search-plans.md).
[Collection(ReportingCollection.Name)]
public sealed class SettledTransfersIndexTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    [Fact]
    public async Task The_reconciliation_view_of_an_ec_with_many_unpaid_notices_finds_its_settled_ones_through_the_settled_index()
    {
        const string ec = "70000000099";
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var seed = new NpgsqlCommand($"""
            INSERT INTO reporting.position_transfers
                (organization_fiscal_code, iuv, id_transfer, iupd, position_version, option_status, amount_cents, category, description)
            SELECT '{ec}', lpad(n::text, 17, '0'), 1, 'IUPD-' || n, 1, CASE WHEN n % 1000 = 0 THEN 'PO_PAID' ELSE 'PO_UNPAID' END, 100, '9/0101108TS/', 'TARI'
            FROM generate_series(1, 20000) AS n;
            ANALYZE reporting.position_transfers;
            """, connection))
            await seed.ExecuteNonQueryAsync();

        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand(
            $"EXPLAIN SELECT t.iuv, t.labels FROM reporting.transfer_reconciliation t WHERE t.organization_fiscal_code = '{ec}'", connection))
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        var text = string.Join('\n', plan);
        Assert.Contains("ix_position_transfers_settled", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on position_transfers", text, StringComparison.Ordinal);
    }
}
