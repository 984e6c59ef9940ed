using Npgsql;
using ServiceDefaults.Persistence;

namespace DebtPositions.Coercive;

// Runs queued bulk re-issues, oldest first, one replica at a time (advisory lock). A job found RUNNING was
// interrupted or is waiting for a dependency: it resumes after its last committed batch.
internal sealed class ReissueJobRunner(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<ReissueJobRunner> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    protected override string Name => "debt-positions-reissues";
    protected override TimeSpan Interval => configuration.GetValue("Coercive:PollInterval", TimeSpan.FromSeconds(2));

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var time = services.GetRequiredService<TimeProvider>();
        while (await NextAsync(dataSource, time, ct) is { } job)
        {
            await using var scope = services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<ReissueRun>().ExecuteAsync(job, ct)) return;
        }
    }

    private static async Task<ReissueJobStatus?> NextAsync(NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT organization_fiscal_code, id FROM {DebtPositionsDb.Schema}.reissue_jobs
            WHERE status IN ('{ReissueJobStatuses.Queued}', '{ReissueJobStatuses.Running}') ORDER BY created_at LIMIT 1
            """, connection);
        string organization;
        Guid id;
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            (organization, id) = (r.GetString(0), r.GetGuid(1));
        }
        return await ReissueJobStatus.ReadAsync(connection, organization, id, null, time.GetUtcNow(), ct);
    }
}
