using System.Globalization;

namespace DebtPositions.Gpd;

internal static class GpdMapping
{
    public static PositionResponse ToResponse(this Position p) => new(
        p.Iupd, p.OrganizationFiscalCode, p.Type, p.PayStandIn, p.FiscalCode, p.FullName, p.StreetName, p.CivicNumber,
        p.PostalCode, p.City, p.Province, p.Region, p.Country, p.Email, p.Phone, p.SwitchToExpired, p.CompanyName,
        p.OfficeName, p.InsertedDate, p.PublishDate, p.ValidityDate, p.PaymentDate, p.Status, p.LastUpdatedDate,
        p.Options.OrderBy(o => o.Id).Select(ToResponse).ToList(), p.RevenueType, p.ExternalReference, p.Version, p.ReissuedAs, p.ReissueOf);

    public static OptionResponse ToResponse(PaymentOption o) => new(
        o.Nav, o.Iuv, o.OrganizationFiscalCode, o.Amount, o.Description, o.IsPartialPayment, o.DueDate, o.RetentionDate,
        o.PaymentDate, o.ReportingDate, o.InsertedDate, o.PaymentMethod, o.Fee, o.NotificationFee, o.PspCompany,
        o.IdReceipt, o.IdFlowReporting, o.Status, o.LastUpdatedDate,
        o.MetadataEntries.Select(m => new MetadataModel(m.Key, m.Value)).ToList(),
        Transfers(o),
        o.NotificationDate, o.ActualisationRule, o.OwnDebtor is { } d ? ToModel(d) : null, o.PaymentPlanId, AmountPaid(o));

    // Our addition: what the receipt paid (null while unpaid); it differs from amount when a rule moved it.
    public static long? AmountPaid(PaymentOption o) => o.IsPaid ? o.PaidCents : null;

    public static List<TransferResponse> Transfers(PaymentOption o) => o.Transfers.OrderBy(t => t.IdTransfer).Select(ToResponse).ToList();

    private static TransferResponse ToResponse(Transfer t) => new(
        t.OrganizationFiscalCode, t.CompanyName, t.IdTransfer.ToString(CultureInfo.InvariantCulture), t.Amount,
        t.RemittanceInformation, t.Category, t.Iban, t.PostalIban,
        t.Stamp is { } s ? new StampModel(s.HashDocument, s.StampType, s.ProvincialResidence) : null,
        t.InsertedDate, t.Status, t.LastUpdatedDate, t.MetadataEntries.Select(m => new MetadataModel(m.Key, m.Value)).ToList(),
        t.AccountingChapter, t.AccountingAssessment);

    public static DebtorModel ToModel(DebtorData d) =>
        new(d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode, d.City, d.Province, d.Region, d.Country, d.Email, d.Phone);

    // A v1 body as the service's own draft (the only place that knows v1's flat debtor and field names).
    public static PositionDraft ToDraft(this PaymentPositionModel m) => new(
        m.Iupd, new DebtorDraft(m.Type, m.FiscalCode, m.FullName, m.StreetName, m.CivicNumber, m.PostalCode, m.City, m.Province,
            m.Region, m.Country, m.Email, m.Phone),
        m.CompanyName, m.OfficeName, m.SwitchToExpired, m.PayStandIn, m.ValidityDate, m.RevenueType, m.ExternalReference,
        m.PaymentOption?.Select(ToDraft).ToList());

    private static OptionDraft ToDraft(PaymentOptionModel o) => new(
        o.Iuv, o.Amount, o.Description, o.IsPartialPayment, o.DueDate, o.RetentionDate, o.Fee, ToDrafts(o.Transfer),
        ToDrafts(o.PaymentOptionMetadata), o.NotificationDate, o.ActualisationRule, ToDraft(o.Debtor), o.PaymentPlanId);

    // v1 and v3 share these records.
    public static List<TransferDraft>? ToDrafts(List<TransferModel>? transfers) => transfers?.Select(t => new TransferDraft(
        t.IdTransfer, t.Amount, t.OrganizationFiscalCode, t.CompanyName, t.RemittanceInformation, t.Category, t.Iban, t.PostalIban,
        t.Stamp is { } s ? new StampDraft(s.HashDocument, s.StampType, s.ProvincialResidence) : null,
        ToDrafts(t.TransferMetadata), t.AccountingChapter, t.AccountingAssessment)).ToList();

    public static List<EntryDraft>? ToDrafts(List<MetadataModel>? metadata) => metadata?.Select(m => new EntryDraft(m.Key, m.Value)).ToList();

    public static DebtorDraft? ToDraft(DebtorModel? d) => d is null ? null
        : new(d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode, d.City, d.Province, d.Region, d.Country, d.Email, d.Phone);
}
