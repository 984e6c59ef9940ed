using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Persistence;

namespace DebtPositions.Lifecycle;

// The time-driven transitions, run by one replica at a time (advisory lock): PUBLISHED → VALID when the validity date
// is reached, VALID → EXPIRED after the last due date for positions with switchToExpired. Each position commits with
// its history row and snapshot, in batches.
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
            // Two queries, each answered from its partial index (migration 0016); one query with an OR read the whole table.
            var due = await Load(db.Positions.Where(p => p.Status == PositionStatus.Published && p.ValidityDate <= now).OrderBy(p => p.ValidityDate), ct);
            if (due.Count == 0)
                due = await Load(db.Positions.Where(p => p.Status == PositionStatus.Valid && p.SwitchToExpired && p.Options.All(o => o.DueDate < now))
                    .OrderBy(p => p.Id), ct);
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

    private static Task<List<Position>> Load(IQueryable<Position> candidates, CancellationToken ct) =>
        candidates.Take(Batch).Whole().ToListAsync(ct);
}
