using DebtPositions.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace DebtPositions.Tests;

/// <summary>
/// An import checks each chunk's IUPDs and client IUVs against the EC's (ADR 0096): a thousand probes of the unique
/// index, never a read of the whole table or of all the EC's rows, which would cost more with every chunk. The test
/// explains the very command the import sends, for a chunk's thousand values, over twenty thousand positions added and
/// analysed in a transaction that is rolled back: a table of that size is where a plain `= ANY` turns into a scan.
/// </summary>
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

    private async Task<List<string>> PlanAsync(string query, string[] values)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DebtPositionsDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(SearchPlanTests.Spread);
        await using var explain = new NpgsqlCommand("EXPLAIN " + query, (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction)tx.GetDbTransaction());
        explain.Parameters.AddWithValue(Ec);
        explain.Parameters.AddWithValue(values);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        await tx.RollbackAsync();
        return plan;
    }
}
