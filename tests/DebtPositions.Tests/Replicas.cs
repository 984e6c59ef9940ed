using DebtPositions.Lifecycle;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// More DebtPositions processes on the fixture's database, vhost and IuvIssuance, each its own host, and each named in
// PostgreSQL by its Application Name: pg_stat_activity and pg_locks then tell whose connection holds or waits for
// what. A replica's host starts when it is first used.
internal sealed class Replicas(IuvBackedApp app) : IAsyncDisposable
{
    private readonly Dictionary<string, WebApplicationFactory<Program>> _running = [];

    public WebApplicationFactory<Program> this[string name] => _running[name];

    public WebApplicationFactory<Program> Start(string name, bool lifecycleJob = true)
    {
        var replica = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Payments", $"{app.Database.ConnectionString};Application Name={name}");
            // Without its lifecycle job a replica's only advisory-lock attempts are the import job's rounds.
            if (!lifecycleJob) builder.ConfigureTestServices(s => s.Remove(s.Single(d => d.ImplementationType == typeof(LifecycleJob))));
        });
        _ = replica.Services;
        _running.Add(name, replica);
        return replica;
    }

    public async Task CrashAsync(string name)
    {
        await CrashAsync(_running[name], app.Database, name);
        _running.Remove(name);
    }

    // Whatever still runs goes the crash's way: a replica held at a gate could not stop otherwise.
    public async ValueTask DisposeAsync()
    {
        foreach (var name in _running.Keys.ToList()) await CrashAsync(name);
    }

    // Kills a replica as a crash would: its host stops and its database connections are cut, so PostgreSQL rolls back
    // whatever it had not committed. (A stopping host cannot interrupt a statement blocked in the server, so its
    // backends are terminated until the host is gone; work it retries meanwhile is cut the same way.)
    private static async Task CrashAsync(WebApplicationFactory<Program> replica, TestDatabase database, string name)
    {
        var stopping = replica.DisposeAsync().AsTask();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!stopping.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"replica {name} did not stop");
            await database.ExecuteAsync($"""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = '{name}' AND pid <> pg_backend_pid()
                """);
            await Task.WhenAny(stopping, Task.Delay(100));
        }
        await stopping;
    }

    // Returns once replica name has begun rounds rounds of its exclusive jobs (each begins with pg_try_advisory_lock)
    // after this call: rounds run one after the other, so every round but the last has ended.
    public static async Task JobRoundsAsync(TestDatabase database, string name, int rounds)
    {
        var since = await database.ScalarAsync<string>("SELECT clock_timestamp()::text");
        for (var i = 0; i < rounds; i++)
        {
            string? seen = null;
            await Eventually.TrueAsync(async () => (seen = await database.ScalarAsync<string>($"""
                SELECT max(query_start)::text FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = '{name}'
                  AND query LIKE 'SELECT pg_try_advisory_lock%' AND query_start > '{since}'::timestamptz
                """)) is not null, TimeSpan.FromSeconds(20),
                $"{name} began no round {i + 1} of its exclusive jobs (is it stuck inside one?)");
            since = seen;
        }
    }

    // The replicas whose connections hold the advisory lock of exclusive job job.
    public static async Task<string[]> JobHoldersAsync(TestDatabase database, string job) =>
        ((await database.ScalarAsync<string>($"""
            SELECT string_agg(a.application_name, ',' ORDER BY a.application_name)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND l.objsubid = 1
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext('job:{job}')::bigint
            """)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
}

// Holds an import still at a chosen row: a trigger makes the insert of that position wait for an advisory lock this
// gate holds, so the writer of its chunk stops inside its transaction, the chunks before it committed.
internal sealed class ImportGate : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly Npgsql.NpgsqlConnection _holder;
    private readonly string _key;
    private readonly string _name;

    private ImportGate(TestDatabase database, Npgsql.NpgsqlConnection holder, string key, string name) =>
        (_database, _holder, _key, _name) = (database, holder, key, name);

    public static async Task<ImportGate> CloseAsync(TestDatabase database, string iupd)
    {
        var key = "gate:" + iupd;
        var name = "test_gate_" + Guid.NewGuid().ToString("N");
        var holder = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock(hashtext('{key}'))", holder)) await take.ExecuteNonQueryAsync();
        await database.ExecuteAsync($"""
            CREATE FUNCTION debt_positions.{name}() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('{key}')); RETURN NEW; END $$;
            CREATE TRIGGER {name} BEFORE INSERT ON debt_positions.positions
              FOR EACH ROW WHEN (NEW.iupd = '{iupd}') EXECUTE FUNCTION debt_positions.{name}();
            """);
        return new ImportGate(database, holder, key, name);
    }

    // The replicas whose connections wait at the gate.
    public async Task<string[]> WaitersAsync() =>
        ((await _database.ScalarAsync<string>($"""
            SELECT string_agg(a.application_name, ',' ORDER BY a.application_name)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = current_database()
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext('{_key}')::bigint
            """)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    // Returns the one replica waiting at the gate, once one is.
    public async Task<string> ReachedAsync()
    {
        string[] waiters = [];
        await Eventually.TrueAsync(async () => (waiters = await WaitersAsync()).Length > 0, TimeSpan.FromSeconds(30), "a writer at the gate");
        return Assert.Single(waiters);
    }

    // Lets the row through (the trigger stays, harmless: dropping it would wait for a writer held at the gate).
    public async Task OpenAsync()
    {
        await using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock_all()", _holder);
        await release.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await OpenAsync();
        await _holder.DisposeAsync();
        await _database.ExecuteAsync($"DROP TRIGGER IF EXISTS {_name} ON debt_positions.positions; DROP FUNCTION IF EXISTS debt_positions.{_name}()");
    }
}
