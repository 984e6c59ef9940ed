using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Persistence;

namespace DebtPositions.Lifecycle;

/// <summary>
/// The time-driven transitions, run by one replica at a time (advisory lock): PUBLISHED → VALID when
/// the validity date is reached, VALID → EXPIRED after the last due date for positions with
/// switchToExpired. Each position commits with its history row and snapshot, in batches.
/// </summary>
internal sealed class LifecycleJob(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<LifecycleJob> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    private const int Batch = 200;

    protected override string Name => "debt-positions-lifecycle";
    protected override TimeSpan Interval => configuration.GetValue("Lifecycle:Interval", TimeSpan.FromSeconds(30));

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<DebtPositionsDb>();
        var time = services.GetRequiredService<TimeProvider>();
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await db.Positions
                .Where(p => (p.Status == PositionStatus.Published && p.ValidityDate <= now)
                            || (p.Status == PositionStatus.Valid && p.SwitchToExpired && p.Options.All(o => o.DueDate < now)))
                .OrderBy(p => p.Id).Take(Batch)
                .Include(p => p.Options).ThenInclude(o => o.Transfers).AsSplitQuery().ToListAsync(ct);
            if (due.Count == 0) return;
            foreach (var position in due)
            {
                if (position.ValidateIfDue(now) || position.ExpireIfDue(now)) db.PublishChange(position, "job:lifecycle", time);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            logger.LogInformation("Lifecycle job moved {Count} position(s)", due.Count);
        }
    }
}
