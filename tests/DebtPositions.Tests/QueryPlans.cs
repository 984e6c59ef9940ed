using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DebtPositions.Tests;

// The plan PostgreSQL picks for a statement over rows seeded for the purpose, read with EXPLAIN in a transaction that
// is rolled back, so that the plan tests see realistic volumes and leave nothing behind.
internal static class QueryPlans
{
    public static Task<List<string>> ExplainAsync<T>(IServiceProvider services, string seed, Func<DebtPositionsDb, IQueryable<T>> query) =>
        ExplainAsync(services, seed, (db, _) => query(db).CreateDbCommand());

    // command: the statement to explain, on the scope's connection (its text is prefixed with EXPLAIN here).
    public static async Task<List<string>> ExplainAsync(IServiceProvider services, string seed, Func<DebtPositionsDb, DbTransaction, DbCommand> command)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DebtPositionsDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(seed);
        await using var explain = command(db, tx.GetDbTransaction());
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        explain.Transaction = tx.GetDbTransaction();
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        await tx.RollbackAsync();
        return plan;
    }
}
