using Npgsql;
using Xunit;

namespace DebtPositions.Tests;

// The statement's lookup of notices by their own debtor has an index to answer it (plans at scale:
// docs/bench/search-plans.md). With sequential and plain index scans priced out, only an index that can evaluate the
// jsonb containment is left to PostgreSQL, whatever the table's size.
public sealed class SearchIndexTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    [Fact]
    public async Task Notices_are_found_by_their_own_debtors_fiscal_code_through_the_option_debtor_index()
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var noScans = new NpgsqlCommand("SET enable_seqscan = off; SET enable_indexscan = off", connection)) await noScans.ExecuteNonQueryAsync();
        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand("""
            EXPLAIN SELECT position_id FROM debt_positions.payment_options
            WHERE debtor IS NOT NULL AND debtor @> '{"fiscalCode":"VRDGPP70M10F205O"}'
            """, connection))
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        Assert.True(plan.Any(line => line.Contains("Bitmap Index Scan on ix_payment_options_debtor", StringComparison.Ordinal)), string.Join('\n', plan));
    }
}
