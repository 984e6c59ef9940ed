namespace Contracts.Actualisation;

/// <summary>
/// A reminder step of a notice was carried out: the citizen was reminded through the channels listed (once per
/// step; docs/dunning.md). DebtPositions writes it in the position's history; Receipts turns it into the
/// <c>reminder.sent</c> webhook.
/// </summary>
/// <param name="OrganizationFiscalCode">The creditor EC.</param>
/// <param name="Iupd">The position the notice belongs to.</param>
/// <param name="Iuv">The notice's IUV.</param>
/// <param name="NoticeNumber">The notice's NAV.</param>
/// <param name="Step">The step's name: "before-7", "due-date", "after-30" (days from the due date).</param>
/// <param name="DueDate">The notice's due date.</param>
/// <param name="AmountCents">The amount the reminder asked for.</param>
/// <param name="Channels">The outcome per channel: "email", "io", or "email:no-address", "io:not-allowed", "io:no-profile"… when a channel could not be used.</param>
/// <param name="OccurredAt">When the reminder was sent.</param>
public sealed record ReminderSent(
    string OrganizationFiscalCode,
    string Iupd,
    string Iuv,
    string NoticeNumber,
    string Step,
    DateOnly DueDate,
    long AmountCents,
    IReadOnlyList<string> Channels,
    DateTimeOffset OccurredAt);

/// <summary>
/// The notices of one EC that became overdue (their due date passed unpaid) since the previous summary: at most one
/// per EC per Europe/Rome day. Receipts turns it into the <c>position.overdue</c> webhook.
/// </summary>
/// <param name="OrganizationFiscalCode">The creditor EC.</param>
/// <param name="Day">The Europe/Rome day of the summary.</param>
/// <param name="Notices">The notices, by due date.</param>
/// <param name="OccurredAt">When the summary was made.</param>
public sealed record PositionsOverdue(
    string OrganizationFiscalCode,
    DateOnly Day,
    IReadOnlyList<OverdueNotice> Notices,
    DateTimeOffset OccurredAt);

/// <summary>One unpaid notice past its due date.</summary>
public sealed record OverdueNotice(
    string Iupd,
    string Iuv,
    string NoticeNumber,
    long AmountCents,
    DateOnly DueDate,
    string DebtorFiscalCode);
