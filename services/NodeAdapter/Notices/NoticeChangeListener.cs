using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using ServiceDefaults.Persistence;

namespace NodeAdapter.Notices;

// Keeps NoticeCache honest: LISTENs on the channel the read-model triggers notify (Migrations/0003) on a connection
// of its own, and tells the cache when it starts and stops hearing. While the connection is down the cache is
// bypassed; when it is quiet, a probe proves it is alive.
internal sealed class NoticeChangeListener(
    IConfiguration configuration, NoticeCache cache, IOptions<NoticeCacheOptions> options, ILogger<NoticeChangeListener> logger)
    : BackgroundService
{
    public const string Channel = "node_adapter_notice_changes";
    public const string ApplicationName = "NodeAdapter notice cache";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(configuration.GetPaymentsConnectionString())
        {
            // Not from the pool: this connection lives as long as the process and is thrown away when it fails.
            Pooling = false,
            ApplicationName = ApplicationName,
            CommandTimeout = Math.Max(1, (int)options.Value.ProbeInterval.TotalSeconds * 2),
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(settings.ConnectionString, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                cache.StopListening();
                logger.LogWarning(e, "Notice cache: lost the {Channel} connection; verify and get payment read PostgreSQL until it is back", Channel);
                await Task.Delay(options.Value.RetryDelay, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, e) => cache.Invalidate(e.Payload);
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
            await listen.ExecuteNonQueryAsync(ct);
        cache.StartListening();
        logger.LogInformation("Notice cache: listening on {Channel}", Channel);
        var lastSweep = Stopwatch.GetTimestamp();
        while (true)
        {
            if (!await connection.WaitAsync(options.Value.ProbeInterval, ct))
            {
                // Nothing heard for a while: a half-open socket would hide lost notifications, so ask something.
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(ct);
            }
            if (Stopwatch.GetElapsedTime(lastSweep) >= options.Value.ProbeInterval)
            {
                cache.Sweep();
                lastSweep = Stopwatch.GetTimestamp();
            }
        }
    }
}
