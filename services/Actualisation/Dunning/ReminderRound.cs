using Contracts.Actualisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Messaging;
using ServiceDefaults.Time;

namespace Actualisation.Dunning;

// One round of reminders for every EC with dunning on, outside its quiet hours and within its daily limit. Each
// reminder is its own transaction that locks the notice row: a payment recorded meanwhile waits for it, and a payment
// recorded before it stops it. A channel that fails keeps the step open; the next round does only the channels left.
internal sealed class ReminderRound(
    ActualisationDb db, ReminderMailer mailer, IServiceProvider services, IOptions<DunningOptions> options, DunningMetrics metrics,
    TimeProvider time, ILogger<ReminderRound> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var ecs = await db.Set<DunningSettings>().AsNoTracking().Where(s => s.Enabled).ToListAsync(ct);
        foreach (var settings in ecs)
        {
            var local = TimeOnly.FromDateTime(RomeCalendar.WallClockOf(time.GetUtcNow()));
            if (ReminderPlan.IsQuiet(local, settings.QuietFrom, settings.QuietUntil))
            {
                metrics.Deferred("quiet-hours");
                continue;
            }
            try
            {
                await services.GetRequiredService<OverdueSummaries>().SummariseAsync(settings, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Nothing was recorded: the next round makes the summary again; the citizens' reminders go on meanwhile.
                logger.LogWarning(e, "Overdue summary of {Organization} failed; retried next round", settings.OrganizationFiscalCode);
                metrics.Failed("summary");
            }
            await RemindAsync(settings, ct);
        }
    }

    private async Task RemindAsync(DunningSettings settings, CancellationToken ct)
    {
        var org = settings.OrganizationFiscalCode;
        var today = RomeCalendar.Today(time);
        var startedToday = await db.Set<DunningReminder>().CountAsync(r => r.OrganizationFiscalCode == org && r.RomeDay == today, ct);
        var budget = Math.Min(settings.DailyLimit - startedToday, options.Value.BatchSize);
        if (budget <= 0)
        {
            metrics.Deferred("daily-limit");
            return;
        }
        var schedules = await db.Set<DunningSchedule>().AsNoTracking().Where(s => s.OrganizationFiscalCode == org).ToListAsync(ct);
        var specific = schedules.Select(s => s.RevenueType).ToList();
        var plans = schedules.Select(s => (RevenueType: (string?)s.RevenueType, Steps: s.ReadSteps(), Channels: s.ReadChannels()))
            .Append((null, settings.ReadSteps(), settings.ReadChannels()));
        foreach (var (revenueType, steps, channels) in plans)
        foreach (var step in steps.Order())
        {
            var (after, until) = ReminderPlan.DueDatesAt(step, steps, today);
            var due = db.Set<DunningNotice>().AsNoTracking()
                .Where(n => n.OrganizationFiscalCode == org && n.Payable && n.PaidAt == null && n.DueDate <= until && (after == null || n.DueDate > after))
                .Where(n => !db.Set<DunningReminder>().Any(r => r.OrganizationFiscalCode == n.OrganizationFiscalCode && r.Iuv == n.Iuv
                    && (r.StepDays > step || (r.StepDays == step && r.Sent))));
            due = revenueType is null
                ? due.Where(n => n.RevenueType == null || !specific.Contains(n.RevenueType))
                : due.Where(n => n.RevenueType == revenueType);
            var notices = await due.OrderBy(n => n.DueDate).ThenBy(n => n.Iuv).Take(budget).ToListAsync(ct);
            foreach (var notice in notices)
            {
                var outcome = await RemindAsync(notice, step, channels, today, ct);
                if (outcome == Outcome.ChannelDown) return;
                if (outcome == Outcome.Started && --budget == 0)
                {
                    metrics.Deferred("daily-limit");
                    return;
                }
            }
        }
    }

    private enum Outcome { Skipped, Started, ChannelDown }

    private async Task<Outcome> RemindAsync(DunningNotice candidate, int step, IReadOnlyList<string> channels, DateOnly today, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Not composed (no LIMIT around it): the row lock is what orders this step with a payment of the notice.
        var notice = (await db.Set<DunningNotice>()
            .FromSql($"SELECT * FROM actualisation.dunning_notices WHERE organization_fiscal_code = {candidate.OrganizationFiscalCode} AND iuv = {candidate.Iuv} FOR UPDATE")
            .ToListAsync(ct)).SingleOrDefault();
        // Paid (or no longer payable) since the candidates were read: the payment stops the reminder.
        if (notice is not { Payable: true, PaidAt: null }) return Outcome.Skipped;
        var reminder = await db.Set<DunningReminder>().SingleOrDefaultAsync(
            r => r.OrganizationFiscalCode == notice.OrganizationFiscalCode && r.Iuv == notice.Iuv && r.StepDays == step, ct);
        var started = reminder is null;
        if (reminder is null)
        {
            reminder = DunningReminder.Start(notice, step, today, time.GetUtcNow());
            db.Add(reminder);
        }
        else if (reminder.Sent) return Outcome.Skipped;

        var stepName = DunningReminder.StepName(step);
        var amount = await AmountTodayAsync(notice, today, ct);
        var down = false;
        foreach (var channel in channels.Where(c => !reminder.Has(c)))
        {
            try
            {
                var outcome = await SendAsync(channel, notice, stepName, amount, ct);
                reminder.Done(outcome);
                metrics.Outcome(outcome);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Kept open: the next round retries this channel only. Said once per notice, not per EC: the log names the cause.
                logger.LogWarning(e, "Reminder {Step} of {Organization}/{Iuv} through {Channel} failed; retried next round",
                    stepName, notice.OrganizationFiscalCode, notice.Iuv, channel);
                metrics.Failed(channel);
                down = true;
                break;
            }
        }
        if (!down)
        {
            var now = time.GetUtcNow();
            reminder.Finish(now);
            db.AddToOutbox(new ReminderSent(notice.OrganizationFiscalCode, notice.Iupd, notice.Iuv, notice.NoticeNumber, stepName,
                notice.DueDate, amount, reminder.ReadChannelsDone(), now), time);
            metrics.Reminded(stepName);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return down ? Outcome.ChannelDown : started ? Outcome.Started : Outcome.Skipped;
    }

    private async Task<string> SendAsync(string channel, DunningNotice notice, string step, long amount, CancellationToken ct)
    {
        switch (channel)
        {
            case DunningChannels.Email:
                if (!mailer.Configured) return channel + ":not-configured";
                if (!ReminderMailer.IsAddress(notice.DebtorEmail)) return channel + ":no-address";
                await mailer.SendReminderAsync(notice, step, amount, ct);
                return channel;
            case DunningChannels.Io:
                if (!options.Value.Io.Configured) return channel + ":not-configured";
                return await services.GetRequiredService<IoReminders>().SendAsync(notice, amount, ct);
            default:
                return channel + ":unknown";
        }
    }

    // What the citizen owes today: the step of the notice's amount schedule for today, else its printed amount.
    private async Task<long> AmountTodayAsync(DunningNotice notice, DateOnly today, CancellationToken ct)
    {
        var schedule = await db.AmountSchedules.AsNoTracking()
            .SingleOrDefaultAsync(s => s.OrganizationFiscalCode == notice.OrganizationFiscalCode && s.Iuv == notice.Iuv, ct);
        return schedule is not null && AmountSchedule.StepOn(schedule.ReadSteps(), today) is { } step ? step.AmountCents : notice.AmountCents;
    }
}
