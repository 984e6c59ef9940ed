using Actualisation.Consumers;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;

namespace Actualisation;

// Recomputes the formal-rule schedules of open positions: all of them (the Rome day changed) or those of one EC's
// revenue type (its table changed and the operator applied it to open positions, re-pinning them). Changed schedules
// are announced; unchanged ones stay silent.
internal sealed class ScheduleRecompute(ActualisationDb db, NoticeScheduling scheduling, ILogger<ScheduleRecompute> logger)
{
    private const int BatchSize = 500;

    public async Task<int> RecomputeAsync(string? organization, string? revenueType, int? repinTo, CancellationToken ct)
    {
        var payable = DebtPositionChangedConsumer.Payable.ToList();
        var query = db.AmountSchedules.Where(s => s.Input != null && db.Positions.Any(p =>
            p.OrganizationFiscalCode == s.OrganizationFiscalCode && p.Iupd == s.Iupd && payable.Contains(p.Status)));
        if (organization is not null) query = query.Where(s => s.OrganizationFiscalCode == organization && s.RevenueType == revenueType);

        var changed = 0;
        var (lastOrganization, lastIuv) = ("", "");
        while (true)
        {
            var (afterOrganization, afterIuv) = (lastOrganization, lastIuv);
            var batch = await query
                .Where(s => string.Compare(s.OrganizationFiscalCode, afterOrganization) > 0
                    || (s.OrganizationFiscalCode == afterOrganization && string.Compare(s.Iuv, afterIuv) > 0))
                .OrderBy(s => s.OrganizationFiscalCode).ThenBy(s => s.Iuv).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) return changed;
            var changedInBatch = 0;
            foreach (var schedule in batch)
                if (schedule.ReadInput() is { } input
                    && await scheduling.ApplyAsync(schedule.OrganizationFiscalCode, schedule.Iupd, schedule.Iuv, schedule.PositionVersion, input,
                        schedule, repinTo ?? schedule.TableVersion, ct))
                    changedInBatch++;
            try
            {
                await db.SaveChangesAsync(ct);
                changed += changedInBatch;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A position change recomputed some of these meanwhile, from newer content: it wins; the next run covers the rest.
                logger.LogInformation("Recompute batch after {Organization}/{Iuv} lost to concurrent position changes", afterOrganization, afterIuv);
            }
            db.ChangeTracker.Clear();
            (lastOrganization, lastIuv) = (batch[^1].OrganizationFiscalCode, batch[^1].Iuv);
        }
    }
}

// At every midnight in Rome, recomputes the formal-rule schedules (the day changed, so may the amounts and the
// horizon). A test clock that jumps to another day wakes it too (ADR 0045): the wait is re-planned from the new time.
internal sealed class MidnightRecompute(IServiceScopeFactory scopes, TimeProvider time, ScheduleDay scheduleDay, ILogger<MidnightRecompute> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A failed recompute is not retried before the next day (or jump): the published horizon still covers the coming days.
        var attempted = scheduleDay.Current;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // Taken before the day is read, so that a jump while recomputing is not missed.
            var shifted = time.WhenShiftedAsync(wait.Token);
            var today = RomeCalendar.Today(time);
            if (today != attempted)
            {
                attempted = today;
                await RecomputeAsync(today, stoppingToken);
                continue;
            }
            var now = time.GetUtcNow();
            await Task.WhenAny(Task.Delay(RomeCalendar.StartOfDay(RomeCalendar.DateOf(now).AddDays(1)) - now, time, wait.Token), shifted);
            await wait.CancelAsync();
        }
    }

    private async Task RecomputeAsync(DateOnly today, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var changed = await scope.ServiceProvider.GetRequiredService<ScheduleRecompute>().RecomputeAsync(null, null, null, stoppingToken);
            logger.LogInformation("Midnight recompute for {Day}: {Changed} schedules changed", today, changed);
            scheduleDay.Current = today;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Midnight recompute failed");
        }
    }
}
