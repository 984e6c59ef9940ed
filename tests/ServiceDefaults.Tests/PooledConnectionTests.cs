using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ServiceDefaults.Persistence;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// The services' connection pool hands connections back without a reset statement (ADR 0064).
public sealed class PooledConnectionTests : IAsyncLifetime
{
    private const string ApplicationName = "pooled-connection-probe";
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("pooled");
        await SqlMigrator.MigrateAsync(_database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_query_outside_a_transaction_costs_the_database_one_transaction_not_two()
    {
        const int Queries = 100;
        var before = await CommitsAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "PooledConnectionProbe" });
        builder.Configuration["ConnectionStrings:Payments"] = _database.ConnectionString + ";Application Name=" + ApplicationName;
        builder.AddServiceDb<ProbeDb>();
        await using (var app = builder.Build())
        {
            for (var i = 0; i < Queries; i++)
            {
                await using var scope = app.Services.CreateAsyncScope(); // a connection from the pool and back, as each message's scope does
                await scope.ServiceProvider.GetRequiredService<ProbeDb>().Items.AnyAsync(item => item.Name == "none");
            }
            // Its backends exit, and a backend's counters are flushed before it leaves pg_stat_activity.
            await app.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync();
        }
        await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>(
                $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}'") == 0,
            TimeSpan.FromSeconds(20), "the probe's connections closed");

        var commits = await CommitsAsync() - before;
        Assert.InRange(commits, Queries, Queries + Queries / 4); // a reset per query would make it twice as many
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(";Max Auto Prepare=0", false)]
    public async Task A_statement_run_again_on_a_connection_is_prepared_unless_the_connection_string_says_otherwise(string setting, bool prepared)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "PooledConnectionProbe" });
        builder.Configuration["ConnectionStrings:Payments"] = _database.ConnectionString + setting;
        builder.AddServiceDb<ProbeDb>();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDb>();
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 3; i++) await db.Items.AnyAsync(item => item.Name == "none");

        // ADR 0103: PostgreSQL keeps the statement parsed and planned for this connection (Npgsql's automatic names).
        var kept = await db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM probe.items%' AND NOT from_sql").SingleAsync();
        Assert.Equal(prepared ? 1 : 0, kept);
    }

    // Whatever the test's own reading connections add is far below the margin.
    private Task<long> CommitsAsync() =>
        _database.ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
}
