using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Contracts.NodeAdapter;
using NodeAdapter.Soap;
using ServiceDefaults.Time;

namespace NodeAdapter.Receipts;

// Reads an XSD-valid paSendRT(V2) body into the event we publish (anomaly decided later).
internal static partial class ReceiptParser
{
    public static ReceiptReceived Parse(XElement payload, string soapVersion, DateTimeOffset now)
    {
        var r = payload.Element("receipt")!;
        string Text(string name) => r.Element(name)!.Value;
        string? Optional(string name) => r.Element(name)?.Value;
        var debtor = r.Element("debtor")!;
        return new ReceiptReceived(
            OrganizationFiscalCode: payload.Element("idPA")!.Value,
            ReceiptId: Text("receiptId"),
            NoticeNumber: Text("noticeNumber"),
            Iuv: Text("creditorReferenceId"),
            Outcome: Text("outcome"),
            AmountCents: SoapText.Cents(Text("paymentAmount")),
            Description: Text("description"),
            CompanyName: Text("companyName"),
            DebtorFiscalCode: debtor.Element("uniqueIdentifier")!.Element("entityUniqueIdentifierValue")!.Value,
            DebtorName: debtor.Element("fullName")!.Value,
            PayerFiscalCode: r.Element("payer")?.Element("uniqueIdentifier")?.Element("entityUniqueIdentifierValue")?.Value,
            PspId: Text("idPSP"),
            PspCompanyName: Text("PSPCompanyName"),
            ChannelId: Text("idChannel"),
            PaymentMethod: Optional("paymentMethod"),
            FeeCents: Optional("fee") is { } fee ? SoapText.Cents(fee) : null,
            // paymentDateTime is optional in the XSD: without it, the time we received the receipt.
            PaymentDateTime: Optional("paymentDateTime") is { } paid ? DateTime(paid) : now,
            ApplicationDate: Optional("applicationDate") is { } applied ? Date(applied) : null,
            TransferDate: Optional("transferDate") is { } transferred ? Date(transferred) : null,
            StandIn: Optional("standIn") is "true" or "1",
            Transfers: r.Element("transferList")!.Elements("transfer").Select(Transfer).ToList(),
            Anomaly: null,
            SoapVersion: soapVersion,
            OccurredAt: now,
            // The paSendRT(V2)Req element, for the GPD receipts API that returns it.
            ReceiptXml: payload.ToString(SaveOptions.DisableFormatting));
    }

    private static ReceiptTransfer Transfer(XElement t) => new(
        int.Parse(t.Element("idTransfer")!.Value, CultureInfo.InvariantCulture),
        SoapText.Cents(t.Element("transferAmount")!.Value),
        t.Element("fiscalCodePA")!.Value,
        t.Element("IBAN")?.Value,
        t.Element("remittanceInformation")!.Value,
        t.Element("transferCategory")!.Value,
        IsStamp: t.Element("MBDAttachment") is not null);

    // xsd:dateTime with or without an offset; without one (every real sample) it is Italian time, the only reading
    // that keeps a payment made at 00:30 on the right Italian day (NOTES §6.8).
    private static DateTimeOffset DateTime(string value) => OffsetSuffix().IsMatch(value)
        ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : RomeCalendar.InstantOf(System.DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.None));

    // xsd:date, possibly with an offset (2025-05-13+02:00): the calendar day is what counts.
    private static DateOnly Date(string value) =>
        DateOnly.ParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetSuffix();
}
