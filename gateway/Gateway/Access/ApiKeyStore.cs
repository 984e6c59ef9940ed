using Npgsql;
using ServiceDefaults.Security;

namespace Gateway.Access;

// API keys in PostgreSQL (schema gateway), served from memory: every request looks its key up in a snapshot that
// ApiKeyRefresh reloads when a key changed, so a revocation made by any replica, the admin API or the CLI takes
// effect within one refresh interval (seconds), and a database outage does not stop the keys already known from
// working.
internal sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private volatile Snapshot _snapshot = new(new Dictionary<string, ApiKey>(StringComparer.Ordinal), DateTimeOffset.MinValue, 0, Loaded: false);

    public ApiKey? Find(string presented)
    {
        if (!ApiKeySecret.HasShape(presented)) return null;
        return _snapshot.ByHash.TryGetValue(Convert.ToHexString(ApiKeySecret.Hash(presented)), out var key) && key.IsValidAt(time.GetUtcNow())
            ? key : null;
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var probe = new NpgsqlCommand("SELECT max(updated_at), count(*) FROM gateway.api_keys", connection))
        await using (var reader = await probe.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            var version = reader.IsDBNull(0) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(0);
            if (version == _snapshot.Version && reader.GetInt64(1) == _snapshot.Count && _snapshot.Loaded) return;
        }
        var byHash = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        var latest = DateTimeOffset.MinValue;
        await using (var all = new NpgsqlCommand($"SELECT key_hash, updated_at, {Columns} FROM gateway.api_keys", connection))
        await using (var reader = await all.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                byHash[Convert.ToHexString(reader.GetFieldValue<byte[]>(0))] = Read(reader, 2);
                var updated = reader.GetFieldValue<DateTimeOffset>(1);
                if (updated > latest) latest = updated;
            }
        _snapshot = new Snapshot(byHash, latest, byHash.Count, Loaded: true);
    }

    public async Task<(ApiKey Key, string Secret)> CreateAsync(string clientId, string[] organizations, CallerRole role, DateTimeOffset? expiresAt, Guid? replacing, CancellationToken ct)
    {
        var secret = ApiKeySecret.Generate();
        var now = time.GetUtcNow();
        var key = new ApiKey(Guid.CreateVersion7(), clientId, organizations, role, ApiKeySecret.PrefixOf(secret), now, expiresAt, null, null);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO gateway.api_keys (id, client_id, organizations, role, key_hash, key_prefix, created_at, expires_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)
            """);
        command.Parameters.AddWithValue(key.Id);
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(organizations);
        command.Parameters.AddWithValue(role.Name());
        command.Parameters.AddWithValue(ApiKeySecret.Hash(secret));
        command.Parameters.AddWithValue(key.Prefix);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)expiresAt ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
        await RefreshAsync(ct);
        return (key, secret);
    }

    public async Task<ApiKey?> GetAsync(Guid id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {Columns} FROM gateway.api_keys WHERE id = $1", ct, id)).SingleOrDefault();

    // Keys that act only for organisations among organizations (all keys when null).
    public Task<List<ApiKey>> ListAsync(string[]? organizations, CancellationToken ct) => organizations is null
        ? QueryAsync($"SELECT {Columns} FROM gateway.api_keys ORDER BY created_at", ct)
        : QueryAsync($"SELECT {Columns} FROM gateway.api_keys WHERE organizations <@ $1 ORDER BY created_at", ct, new object[] { organizations });

    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        await ExecuteAsync("UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, $2), updated_at = $2 WHERE id = $1", ct, id, time.GetUtcNow());
        await RefreshAsync(ct);
    }

    // A new key for the same client, organisations and role; the old one keeps working for overlap.
    public async Task<(ApiKey Key, string Secret)> RotateAsync(ApiKey old, TimeSpan overlap, CancellationToken ct)
    {
        var created = await CreateAsync(old.ClientId, old.Organizations, old.Role, old.ExpiresAt, old.Id, ct);
        var now = time.GetUtcNow();
        var until = old.ExpiresAt is { } expires && expires < now + overlap ? expires : now + overlap;
        await ExecuteAsync("UPDATE gateway.api_keys SET expires_at = $2, replaced_by = $3, updated_at = $4 WHERE id = $1", ct, old.Id, until, created.Key.Id, now);
        await RefreshAsync(ct);
        return created;
    }

    private const string Columns = "id, client_id, organizations, role, key_prefix, created_at, expires_at, revoked_at, replaced_by";

    private static ApiKey Read(NpgsqlDataReader r, int o) => new(
        r.GetGuid(o), r.GetString(o + 1), r.GetFieldValue<string[]>(o + 2),
        Caller.TryParseRole(r.GetString(o + 3), out var role) ? role : CallerRole.Read, r.GetString(o + 4),
        r.GetFieldValue<DateTimeOffset>(o + 5),
        r.IsDBNull(o + 6) ? null : r.GetFieldValue<DateTimeOffset>(o + 6),
        r.IsDBNull(o + 7) ? null : r.GetFieldValue<DateTimeOffset>(o + 7),
        r.IsDBNull(o + 8) ? null : r.GetGuid(o + 8));

    private async Task<List<ApiKey>> QueryAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(ct)) keys.Add(Read(reader, 0));
        return keys;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Snapshot(Dictionary<string, ApiKey> ByHash, DateTimeOffset Version, long Count, bool Loaded);
}

// Reloads the key snapshot every `ApiKeys:RefreshInterval` (default 2 s).
internal sealed class ApiKeyRefresh(ApiKeyStore store, IConfiguration configuration, ILogger<ApiKeyRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("ApiKeys:RefreshInterval", TimeSpan.FromSeconds(2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await store.RefreshAsync(stoppingToken); }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The keys already loaded keep working; a revocation waits for the database to come back.
                logger.LogWarning(e, "API keys could not be reloaded; serving the last loaded set");
            }
            await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
