using Contracts.Actualisation;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Time;

namespace Actualisation.Dunning;

// Once per EC and Europe/Rome day, at its first round outside quiet hours: the notices that became overdue unpaid
// since the last summary, as one event (the position.overdue webhook) and one e-mail to the EC's alert address.
internal sealed class OverdueSummaries(ActualisationDb db, ReminderMailer mailer, DunningMetrics metrics, TimeProvider time, ILogger<OverdueSummaries> logger)
{
    private const int MaxNotices = 5000;

    public async Task SummariseAsync(DunningSettings settings, CancellationToken ct)
    {
        var org = settings.OrganizationFiscalCode;
        var today = RomeCalendar.Today(time);
        if (await db.Set<DunningOverdueSummary>().AnyAsync(s => s.OrganizationFiscalCode == org && s.RomeDay == today, ct)) return;

        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var overdue = await db.Set<DunningNotice>()
            .Where(n => n.OrganizationFiscalCode == org && n.Payable && n.PaidAt == null && n.DueDate < today && n.OverdueReportedOn == null)
            .OrderBy(n => n.DueDate).ThenBy(n => n.Iuv).Take(MaxNotices).ToListAsync(ct);
        var email = overdue.Count > 0 && mailer.Configured && ReminderMailer.IsAddress(settings.AlertEmail);
        db.Add(DunningOverdueSummary.Of(org, today, overdue.Count, email, time.GetUtcNow()));
        if (overdue.Count > 0)
        {
            foreach (var notice in overdue) notice.ReportedOverdue(today);
            db.AddToOutbox(new PositionsOverdue(org, today,
                overdue.Select(n => new OverdueNotice(n.Iupd, n.Iuv, n.NoticeNumber, n.AmountCents, n.DueDate, n.DebtorFiscalCode)).ToList(), time.GetUtcNow()), time);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return; // another replica made today's summary
        }
        // Sent before the commit: if the e-mail fails, nothing is recorded and the next round tries again.
        if (email) await mailer.SendOverdueSummaryAsync(settings.AlertEmail!, org, today, overdue, ct);
        await tx.CommitAsync(ct);
        metrics.Overdue(overdue.Count);
        if (overdue.Count > 0) logger.LogInformation("Overdue summary of {Organization} for {Day}: {Count} notices", org, today, overdue.Count);
    }
}
