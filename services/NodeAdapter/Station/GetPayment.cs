using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using System.Globalization;
using System.Xml.Linq;
using Contracts.DebtPositions;
using NodeAdapter.Notices;
using ServiceDefaults.Time;

namespace NodeAdapter.Station;

// paGetPayment and paGetPaymentV2: the amount due now and where each part goes (1–5 transfers). V2 adds per-transfer
// companyName and the digital-stamp request; V1 cannot express a stamp.
internal sealed class GetPayment(PayableNotices notices)
{
    public async Task<SoapReply> HandleAsync(SoapRequest request, CancellationToken ct)
    {
        var resolved = await notices.ResolveAsync(request, ct);
        if (resolved.Fault is not null) return resolved.Fault;
        var v2 = request.Operation == SoapOperation.GetPaymentV2;
        var notice = resolved.Notice!;
        var amount = resolved.Amount!;
        if (!v2 && amount.Transfers.Any(t => t.Transfer.Iban is null && t.Transfer.Stamp is not null))
            return SoapReply.Fault(request.Operation!, notices.BrokerId, Faults.Semantics,
                "the notice requires a digital revenue stamp, which only paGetPaymentV2 can carry");
        var postal = request.Payload!.Element("transferType")?.Value == "POSTAL";

        return SoapReply.Ok(request.Operation!, new XElement("data",
            new XElement("creditorReferenceId", notice.Iuv),
            new XElement("paymentAmount", SoapText.Euros(amount.AmountCents)),
            new XElement("dueDate", SoapText.Date(notice.DueDate)),
            notice.RetentionDate is { } retention
                ? new XElement("retentionDate", RomeCalendar.WallClockOf(retention).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture))
                : null,
            new XElement("description", SoapText.Bounded(notice.Description, 140)),
            new XElement("companyName", SoapText.Bounded(notice.CompanyName, 140)),
            SoapText.Optional("officeName", notice.OfficeName, 140),
            Subject.ToXml("debtor", notice.GetDebtor()),
            new XElement("transferList", amount.Transfers.Select(t => Transfer(t, v2, postal))),
            Metadata(notice.GetMetadata())));
    }

    private static XElement Transfer(DueTransfer due, bool v2, bool postal)
    {
        var t = due.Transfer;
        // Postal routing as GPD does it: the postal IBAN when asked for and known, else the IBAN.
        var iban = postal && !string.IsNullOrWhiteSpace(t.PostalIban) ? t.PostalIban : t.Iban;
        object account = iban is null && t.Stamp is { } stamp
            ? new XElement("richiestaMarcaDaBollo",
                new XElement("hashDocumento", stamp.HashDocument),
                new XElement("tipoBollo", stamp.StampType),
                new XElement("provinciaResidenza", stamp.ProvincialResidence))
            : new XElement("IBAN", SoapText.Bounded(iban, 35));
        return new XElement("transfer",
            new XElement("idTransfer", t.IdTransfer.ToString(CultureInfo.InvariantCulture)),
            new XElement("transferAmount", SoapText.Euros(due.AmountCents)),
            new XElement("fiscalCodePA", t.OrganizationFiscalCode),
            v2 ? SoapText.Optional("companyName", t.CompanyName, 140) : null,
            account,
            new XElement("remittanceInformation", SoapText.Bounded(t.RemittanceInformation, 140)),
            new XElement("transferCategory", SoapText.Bounded(t.Category, 140)),
            Metadata(t.Metadata));
    }

    // SOAP allows 1–15 entries; none means no element at all.
    internal static XElement? Metadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0 ? null : new XElement("metadata", metadata.Take(15).Select(m =>
            new XElement("mapEntry", new XElement("key", SoapText.Bounded(m.Key, 140)), new XElement("value", SoapText.Bounded(m.Value, 140)))));
}
