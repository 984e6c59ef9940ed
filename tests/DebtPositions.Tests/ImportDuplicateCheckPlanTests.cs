using DebtPositions.Bulk;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace DebtPositions.Tests;

// An import checks each chunk's IUPDs and client IUVs against the EC's (ADR 0096): a thousand probes of the unique
// index, never a read of the whole table or of all the EC's rows, which would cost more with every chunk. The test
// explains the very command the import sends, for a chunk's thousand values, over twenty thousand positions added and
// analysed in a transaction that is rolled back: a table of that size is where a plain `= ANY` turns into a scan.
public sealed class ImportDuplicateCheckPlanTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Ec = "66666666666";

    [Theory]
    [InlineData("positions", "iupd", "ux_positions_org_iupd")]
    [InlineData("payment_options", "iuv", "ux_payment_options_org_iuv")]
    public async Task A_chunks_duplicate_check_probes_the_ecs_unique_index_once_per_value_and_scans_nothing(string table, string column, string index)
    {
        // Half of the chunk already in the table, half new, as when an EC re-sends part of a file.
        var values = Enumerable.Range(1, 1000).Select(i => column == "iupd" ? $"PLAN-{i * 2}" : $"3{i:D16}").ToArray();

        var plan = await PlanAsync(ChunkImport.ExistingQuery(table, column), values);

        Assert.Contains(plan, line => line.Contains($"Scan using {index} on {table}", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("Index Cond: ((organization_fiscal_code = ", StringComparison.Ordinal)
                                      && line.Contains($"AND ({column} = k.value))", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal)
                                            || line.Contains("Bitmap Heap Scan", StringComparison.Ordinal)
                                            || line.Contains("Hash Join", StringComparison.Ordinal));
    }

    private Task<List<string>> PlanAsync(string query, string[] values) =>
        QueryPlans.ExplainAsync(app.Services, SearchPlanTests.Spread, (db, tx) =>
            new NpgsqlCommand(query, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx) { Parameters = { new NpgsqlParameter { Value = Ec }, new NpgsqlParameter { Value = values } } });
}
