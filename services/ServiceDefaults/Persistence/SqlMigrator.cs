using System.Reflection;
using Npgsql;

namespace ServiceDefaults.Persistence;

/// <summary>
/// Applies a service's SQL migrations: first the outbox/inbox tables every service has, then the
/// service's embedded resources named `*.Migrations.NNNN_name.sql`, in name order, each once, each in
/// its own transaction, recorded in `&lt;schema&gt;.__migrations`. An advisory lock makes concurrent
/// runs (two replicas, a k8s Job and a developer) wait for each other instead of racing.
/// Why SQL and not EF migrations: docs/decisions/0003-sql-migrations.md.
/// </summary>
public static class SqlMigrator
{
    public static async Task<int> MigrateAsync(string connectionString, string schema, Assembly assembly, CancellationToken ct)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]*$"))
            throw new ArgumentException($"invalid schema name '{schema}'", nameof(schema));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, null, $"SELECT pg_advisory_lock(hashtext('migrate:{schema}'))", ct);
        try
        {
            await Execute(connection, null, $"""
                CREATE SCHEMA IF NOT EXISTS {schema};
                CREATE TABLE IF NOT EXISTS {schema}.__migrations (
                    version text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """, ct);
            var applied = await AppliedVersions(connection, schema, ct);
            var count = 0;
            foreach (var (version, sql) in Migrations(schema, assembly))
            {
                if (applied.Contains(version)) continue;
                await using var tx = await connection.BeginTransactionAsync(ct);
                await Execute(connection, tx, sql, ct);
                await using (var record = new NpgsqlCommand($"INSERT INTO {schema}.__migrations (version) VALUES ($1)", connection, tx))
                {
                    record.Parameters.AddWithValue(version);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                count++;
            }
            return count;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock(hashtext('migrate:{schema}'))", CancellationToken.None);
        }
    }

    private static IEnumerable<(string Version, string Sql)> Migrations(string schema, Assembly assembly)
    {
        yield return ("0000_outbox_inbox", Read(typeof(SqlMigrator).Assembly, "ServiceDefaults.outbox.sql").Replace("{schema}", schema, StringComparison.Ordinal));
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var file = name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length];
            yield return (file, Read(assembly, name));
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<HashSet<string>> AppliedVersions(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT version FROM {schema}.__migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) versions.Add(reader.GetString(0));
        return versions;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
