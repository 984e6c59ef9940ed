using Contracts.DebtPositions;

namespace DebtPositions;

/// <summary>The published form of a position (full snapshot, see <see cref="DebtPositionChanged"/>).</summary>
internal static class Snapshots
{
    private static readonly TimeZoneInfo Rome = ServiceDefaults.Time.RomeCalendar.Zone;

    /// <summary>GPD carries due dates as instants; the platform's calendar is Europe/Rome.</summary>
    public static DateOnly RomeDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Rome).DateTime);

    public static DebtPositionSnapshot ToSnapshot(this Position p) => new(
        p.OrganizationFiscalCode, p.Iupd, p.Status, p.Version, p.CompanyName, p.OfficeName, ToSnapshot(p.Debtor),
        p.ValidityDate, p.SwitchToExpired, p.Options.Select(ToSnapshot).ToList(), p.RevenueType);

    private static DebtorSnapshot ToSnapshot(DebtorData d) =>
        new(d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode, d.City, d.Province, d.Country, d.Email);

    private static PaymentOptionSnapshot ToSnapshot(PaymentOption o) => new(
        o.Iuv, o.Nav, o.Amount, o.Description, RomeDate(o.DueDate), o.RetentionDate, o.IsPartialPayment, o.Status,
        o.OwnDebtor is { } d ? ToSnapshot(d) : null,
        o.Transfers.OrderBy(t => t.IdTransfer).Select(ToSnapshot).ToList(),
        o.MetadataEntries.ToDictionary(m => m.Key, m => m.Value),
        o.ActualisationRule, o.NotificationDate);

    private static TransferSnapshot ToSnapshot(Transfer t) => new(
        t.IdTransfer, t.Amount, t.OrganizationFiscalCode, t.CompanyName, t.RemittanceInformation, t.Category,
        t.Iban, t.PostalIban, t.Stamp is { } s ? new StampSnapshot(s.HashDocument, s.StampType, s.ProvincialResidence) : null,
        t.MetadataEntries.ToDictionary(m => m.Key, m => m.Value), t.AccountingChapter, t.AccountingAssessment);
}
