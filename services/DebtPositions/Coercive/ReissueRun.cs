using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;

namespace DebtPositions.Coercive;

// Runs one bulk re-issue, batch by batch in position id order. Each batch commits its positions, their events and the
// job's progress (cursor, counters) in one transaction, so a job stopped anywhere (crash, restart, a dependency down)
// resumes after its last committed batch and never re-issues a position twice.
internal sealed class ReissueRun(DebtPositionsDb db, Reissuer reissuer, TimeProvider time, IConfiguration configuration, ILogger<ReissueRun> logger)
{
    private readonly int _batch = configuration.GetValue("Coercive:BatchSize", 200);

    // False when the job has to wait (IuvIssuance or Actualisation unavailable): the next round goes on.
    public async Task<bool> ExecuteAsync(ReissueJobStatus job, CancellationToken ct)
    {
        var before = RomeCalendar.StartOfDay(job.OverdueBefore).ToUniversalTime();
        var cursor = await db.Database.SqlQuery<long>(
            $"SELECT cursor_id AS \"Value\" FROM debt_positions.reissue_jobs WHERE id = {job.Id}").SingleAsync(ct);
        if (job.Status == ReissueJobStatuses.Queued)
        {
            var total = await Candidates(job, before, 0).LongCountAsync(ct);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE debt_positions.reissue_jobs SET status = 'RUNNING', total = {total}, started_at = {time.GetUtcNow()}, updated_at = {time.GetUtcNow()}
                WHERE id = {job.Id} AND status = 'QUEUED'
                """, ct);
        }
        while (true)
        {
            var ids = await Candidates(job, before, cursor).OrderBy(p => p.Id).Select(p => p.Id).Take(_batch).ToListAsync(ct);
            if (ids.Count == 0)
            {
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE debt_positions.reissue_jobs SET status = 'COMPLETED', failure = NULL, finished_at = {time.GetUtcNow()}, updated_at = {time.GetUtcNow()}
                    WHERE id = {job.Id} AND status = 'RUNNING'
                    """, ct);
                return true;
            }
            try
            {
                await RunBatchAsync(job, ids, ct);
            }
            catch (ReissueImpossible e)
            {
                await EndAsync(job.Id, ReissueJobStatuses.Failed, e.Message, ct);
                return true;
            }
            catch (ReissueCancelled)
            {
                logger.LogInformation("Re-issue job {JobId} was cancelled; its last batch was rolled back", job.Id);
                return true;
            }
            catch (Exception e) when (CoerciveApi.IsUnavailable(e))
            {
                db.ChangeTracker.Clear();
                logger.LogWarning(e, "Re-issue job {JobId} waits: a dependency is unavailable", job.Id);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE debt_positions.reissue_jobs SET failure = {"waiting: " + e.Message}, updated_at = {time.GetUtcNow()} WHERE id = {job.Id} AND status = 'RUNNING'
                    """, ct);
                return false;
            }
            cursor = ids[^1];
        }
    }

    private async Task RunBatchAsync(ReissueJobStatus job, List<long> ids, CancellationToken ct)
    {
        await using var tx = await db.LockPositionsAsync(ids, ct);
        var positions = await db.Positions.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id)
            .Whole().ToListAsync(ct);
        var cause = "job:reissue:" + job.Id;
        var outcomes = await reissuer.ReissueAsync(job.OrganizationFiscalCode, positions, job.Terms, p => ReissueTerms.DefaultIupd(p.Iupd), cause, ct);
        var skipped = outcomes.Where(o => o.Successor is null).ToList();
        foreach (var skip in skipped)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO debt_positions.reissue_job_failures (job_id, iupd, reason) VALUES ({job.Id}, {skip.Iupd}, {skip.Refusal})
                ON CONFLICT DO NOTHING
                """, ct);
        var reissued = outcomes.Count - skipped.Count;
        // Only a job still RUNNING takes the batch: a cancel committed meanwhile (or waited for on this row) leaves it out whole.
        var progressed = await db.Database.ExecuteSqlAsync($"""
            UPDATE debt_positions.reissue_jobs
            SET reissued = reissued + {reissued}, skipped = skipped + {skipped.Count}, cursor_id = {ids[^1]}, failure = NULL, updated_at = {time.GetUtcNow()}
            WHERE id = {job.Id} AND status = 'RUNNING'
            """, ct);
        if (progressed == 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            throw new ReissueCancelled();
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private IQueryable<Position> Candidates(ReissueJobStatus job, DateTimeOffset before, long after) =>
        db.Positions.Where(p => p.OrganizationFiscalCode == job.OrganizationFiscalCode && p.RevenueType == job.RevenueType
            && (p.Status == PositionStatus.Valid || p.Status == PositionStatus.Expired) && p.ReissuedAs == null && p.Id > after
            && p.Options.All(o => o.DueDate < before));

    private async Task EndAsync(Guid id, string status, string failure, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE debt_positions.reissue_jobs SET status = {status}, failure = {failure}, finished_at = {now}, updated_at = {now} WHERE id = {id}
            """, ct);
    }
}

// The job was cancelled while a batch ran: the batch is rolled back and the job ends.
internal sealed class ReissueCancelled() : Exception("the re-issue job was cancelled");
