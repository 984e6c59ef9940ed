using Contracts.DebtPositions;

namespace Actualisation.Dunning;

// What dunning knows of one notice, kept from the position events. A payment is final: once paid, never reminded.
internal sealed class DunningNotice
{
    private DunningNotice() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    public long PositionVersion { get; private set; }
    // When the position event this notice was taken from was committed; null for rows older than the column.
    public DateTimeOffset? PositionChangedAt { get; private set; }
    public string NoticeNumber { get; private set; } = "";
    public long AmountCents { get; private set; }
    public DateOnly DueDate { get; private set; }
    public string Description { get; private set; } = "";
    public string CompanyName { get; private set; } = "";
    public string? RevenueType { get; private set; }
    public string DebtorFiscalCode { get; private set; } = "";
    public string DebtorName { get; private set; } = "";
    public string? DebtorEmail { get; private set; }
    // The position can be paid and this notice is not paid: the only notices reminded.
    public bool Payable { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public DateOnly? OverdueReportedOn { get; private set; }

    public static DunningNotice Create(string organization, string iuv) => new() { OrganizationFiscalCode = organization, Iuv = iuv };

    // Takes the notice as position has it, committed at changedAt, unless it is not newer than what is kept (see
    // Replaces).
    public void Follow(DebtPositionSnapshot position, PaymentOptionSnapshot option, bool payable, DateTimeOffset changedAt, DateTimeOffset now)
    {
        changedAt = AsStored(changedAt);
        if (!Replaces(position.Version, changedAt)) return;
        var debtor = option.Debtor ?? position.Debtor;
        (Iupd, PositionVersion, PositionChangedAt, NoticeNumber, AmountCents, DueDate) =
            (position.Iupd, position.Version, changedAt, option.Nav, option.AmountCents, option.DueDate);
        (Description, CompanyName, RevenueType) = (option.Description, position.CompanyName, RevenueTypeOf(position, option));
        (DebtorFiscalCode, DebtorName, DebtorEmail) = (debtor.FiscalCode, debtor.FullName, string.IsNullOrWhiteSpace(debtor.Email) ? null : debtor.Email.Trim());
        Payable = payable && option.Status == "PO_UNPAID";
        if (option.Status is "PO_PAID" or "PO_REPORTED" or "PO_PARTIALLY_REPORTED") PaidAt ??= now;
    }

    // A notice as dunning first meets it, unpaid: the row a bulk import's chunk writes, by the same projection as
    // Follow.
    public static DunningNotice Of(DebtPositionSnapshot position, PaymentOptionSnapshot option, bool payable, DateTimeOffset changedAt, DateTimeOffset now)
    {
        var notice = Create(position.OrganizationFiscalCode, option.Iuv);
        notice.Follow(position, option, payable, changedAt, now);
        return notice;
    }

    // ADR 0073, as for schedules: a newer version replaces; the same version only if committed strictly later (a late or
    // redelivered copy changes nothing); a row without a time (older than the column, or only a payment so far) takes it.
    // The instant as the column keeps it (UTC, microseconds), so a redelivered event compares equal to its stored
    // copy.
    public static DateTimeOffset AsStored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private bool Replaces(long version, DateTimeOffset changedAt) =>
        version > PositionVersion || (version == PositionVersion && (PositionChangedAt is not { } kept || changedAt > kept));

    // The position's revenue type, else the one its actualisation rule table follows.
    private static string? RevenueTypeOf(DebtPositionSnapshot position, PaymentOptionSnapshot option) =>
        position.RevenueType ?? (option.Metadata.TryGetValue(Rules.FormalSchedule.RevenueTypeKey, out var type) && !string.IsNullOrWhiteSpace(type) ? type : null);

    public void Paid(DateTimeOffset at) => PaidAt ??= at;

    public void ReportedOverdue(DateOnly day) => OverdueReportedOn = day;
}
