using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Persistence;

namespace IuvIssuance.Notices.Batches;

// Renders queued batches, oldest first, on one replica at a time (advisory lock). A failed attempt is retried at the
// next round; after MaxAttempts the batch is marked failed with the error, so a notice the renderer cannot draw does
// not block the queue forever.
internal sealed class NoticeBatchJob(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, NoticeMetrics metrics, TimeProvider time, ILogger<NoticeBatchJob> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    protected override string Name => "notice-batches";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<IuvDb>();
        while (await NextAsync(db, ct) is { } batch)
        {
            if (batch.Attempts >= NoticeBatch.MaxAttempts)
            {
                batch.Fail(batch.Error ?? $"gave up after {batch.Attempts} attempts", time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                continue;
            }
            batch.Start(time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Rendering notice batch {BatchId} of {Organization}: {Total} positions, attempt {Attempt}",
                batch.Id, batch.OrganizationFiscalCode, batch.Total, batch.Attempts);
            await RenderAsync(services, db, batch, ct);
        }
    }

    private async Task RenderAsync(IServiceProvider services, IuvDb db, NoticeBatch batch, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        try
        {
            await services.GetRequiredService<NoticeBatchRenderer>().RunAsync(batch, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Keep the reason on the batch for the caller; the job logs the exception and retries next round.
            await db.NoticeBatches.Where(b => b.Id == batch.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Error, e.GetType().Name + ": " + e.Message), CancellationToken.None);
            throw;
        }
        var elapsed = time.GetElapsedTime(started);
        metrics.BatchRendered(elapsed);
        logger.LogInformation("Notice batch {BatchId} rendered in {Elapsed} ms", batch.Id, elapsed.TotalMilliseconds);
    }

    private static Task<NoticeBatch?> NextAsync(IuvDb db, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return db.NoticeBatches
            .Where(b => b.Status == NoticeBatch.Queued || b.Status == NoticeBatch.Running)
            .OrderBy(b => b.CreatedAt)
            .FirstOrDefaultAsync(ct);
    }
}
