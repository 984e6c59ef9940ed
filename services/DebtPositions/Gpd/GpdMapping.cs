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

    // The domain content of a request already validated, with each option's notice number.
    public static PositionContent ToContent(this PaymentPositionModel m, string organizationFiscalCode, IReadOnlyList<NoticeNumber> numbers) => new(
        new DebtorData(m.Type!, m.FiscalCode!.ToUpperInvariant(), m.FullName!, m.StreetName, m.CivicNumber, m.PostalCode, m.City,
            m.Province, m.Region, m.Country, m.Email, m.Phone),
        m.CompanyName!, m.OfficeName, m.SwitchToExpired!.Value, m.PayStandIn ?? true, m.ValidityDate, m.RevenueType, m.ExternalReference,
        m.PaymentOption!.Select((o, i) => ToContent(o, organizationFiscalCode, numbers[i])).ToList());

    private static OptionContent ToContent(PaymentOptionModel o, string organizationFiscalCode, NoticeNumber number) => new(
        number.Iuv, number.Nav, o.Amount!.Value, o.Description!, o.IsPartialPayment!.Value, o.DueDate!.Value, o.RetentionDate,
        o.Fee ?? 0, ToEntries(o.PaymentOptionMetadata),
        o.Transfer!.Select(t => ToContent(t, organizationFiscalCode)).ToList(),
        o.NotificationDate, o.ActualisationRule,
        o.Debtor is { } d ? new DebtorData(d.Type!, d.FiscalCode!.ToUpperInvariant(), d.FullName!, d.StreetName, d.CivicNumber,
            d.PostalCode, d.City, d.Province, d.Region, d.Country, d.Email, d.Phone) : null,
        o.PaymentPlanId, o.PlanDescription);

    private static TransferContent ToContent(TransferModel t, string organizationFiscalCode) => new(
        int.Parse(t.IdTransfer!, CultureInfo.InvariantCulture), t.Amount!.Value, t.OrganizationFiscalCode ?? organizationFiscalCode,
        t.CompanyName, t.RemittanceInformation!, t.Category!, Normalise(t.Iban), Normalise(t.PostalIban),
        t.Stamp is { } s ? new StampData(s.HashDocument!, s.StampType!, s.ProvincialResidence!) : null,
        ToEntries(t.TransferMetadata), t.AccountingChapter, t.AccountingAssessment);

    // GPD's postalIban pattern admits "": treat it as absent. IBANs are stored upper-case, as banks print them.
    private static string? Normalise(string? iban) => string.IsNullOrEmpty(iban) ? null : iban.ToUpperInvariant();

    private static List<KeyValue> ToEntries(List<MetadataModel>? metadata) =>
        metadata?.Select(m => new KeyValue(m.Key!, m.Value!)).ToList() ?? [];
}
