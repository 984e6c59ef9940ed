using System.Globalization;
using Contracts.DebtPositions;
using ServiceDefaults.Time;

namespace DebtPositions;

// The published form of a position (full snapshot, see DebtPositionChanged).
internal static class Snapshots
{
    public static DebtPositionSnapshot ToSnapshot(this Position p)
    {
        var paidByInstalments = p.Options.Where(o => o.IsPartialPayment).Sum(o => o.PaidCents);
        return new(p.OrganizationFiscalCode, p.Iupd, p.Status, p.Version, p.CompanyName, p.OfficeName, ToSnapshot(p.Debtor),
            p.ValidityDate, p.SwitchToExpired, p.Options.Select(o => ToSnapshot(o, paidByInstalments)).ToList(), p.RevenueType);
    }

    private static DebtorSnapshot ToSnapshot(DebtorData d) =>
        new(d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode, d.City, d.Province, d.Country, d.Email);

    private static PaymentOptionSnapshot ToSnapshot(PaymentOption o, long paidByInstalments) => new(
        o.Iuv, o.Nav, o.Amount, o.Description, RomeCalendar.DateOf(o.DueDate), o.RetentionDate, o.IsPartialPayment, o.Status,
        o.OwnDebtor is { } d ? ToSnapshot(d) : null,
        o.Transfers.OrderBy(t => t.IdTransfer).Select(ToSnapshot).ToList(),
        Metadata(o, paidByInstalments),
        o.ActualisationRule, o.NotificationDate);

    // Instalments paid through pagoPA are paid on account of the whole debt, so a single-payment alternative under a
    // rule asks only for the rest (RULES.md §3.7, "amount due = amount(P) − previous payments"): they add to its paid
    // input, on top of what the EC recorded there (payments outside pagoPA). Computed for each snapshot, never
    // stored, so nothing counts twice.
    private static Dictionary<string, string> Metadata(PaymentOption o, long paidByInstalments)
    {
        var metadata = o.MetadataEntries.ToDictionary(m => m.Key, m => m.Value);
        if (paidByInstalments == 0 || o.IsPartialPayment || o.IsPaid || o.ActualisationRule is null) return metadata;
        var recorded = metadata.TryGetValue(PaymentOption.PaidInputKey, out var given)
            && long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var cents) ? cents : 0;
        metadata[PaymentOption.PaidInputKey] = (recorded + paidByInstalments).ToString(CultureInfo.InvariantCulture);
        return metadata;
    }

    private static TransferSnapshot ToSnapshot(Transfer t) => new(
        t.IdTransfer, t.Amount, t.OrganizationFiscalCode, t.CompanyName, t.RemittanceInformation, t.Category,
        t.Iban, t.PostalIban, t.Stamp is { } s ? new StampSnapshot(s.HashDocument, s.StampType, s.ProvincialResidence) : null,
        t.MetadataEntries.ToDictionary(m => m.Key, m => m.Value), t.AccountingChapter, t.AccountingAssessment);
}
