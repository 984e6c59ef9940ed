using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ServiceDefaults.Persistence;

/// <summary>
/// A periodic background job that only one replica runs at a time: each round takes a PostgreSQL
/// session advisory lock named after the job and skips the round when another replica holds it.
/// Subclasses implement one round in <see cref="RunOnceAsync"/> with a fresh DI scope.
/// </summary>
public abstract class ExclusiveJob(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, ILogger logger) : BackgroundService
{
    protected abstract string Name { get; }
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A failed round is retried at the next tick; the job itself must keep running.
                logger.LogError(e, "Job {Job} round failed", Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunRoundAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext($1))", connection);
        lockCommand.Parameters.AddWithValue("job:" + Name);
        if (await lockCommand.ExecuteScalarAsync(ct) is not true) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunOnceAsync(scope.ServiceProvider, ct);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", connection);
            unlock.Parameters.AddWithValue("job:" + Name);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }
}
