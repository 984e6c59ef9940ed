using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace NodeSimulator.Soap;

// The PSP side of a receipt: who collected the money, when, and with which fee.
internal sealed record Collection(
    string ReceiptId, string NoticeNumber, string OrganizationFiscalCode, string PspId, string PspName, string ChannelId,
    DateTimeOffset PaidAt, long FeeCents, bool StandIn);

// Builds ctReceipt / ctReceiptV2 from the station's own getPayment answer, the way the Node does: amounts and
// transfers are the ones the EC gave at activation. Element order follows paForNode.xsd.
internal static class ReceiptBuilder
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    public static XElement Build(PaymentData data, Collection c, bool v2)
    {
        var local = TimeZoneInfo.ConvertTime(c.PaidAt, Rome);
        var receipt = new XElement("receipt",
            new XElement("receiptId", c.ReceiptId),
            new XElement("noticeNumber", c.NoticeNumber),
            new XElement("fiscalCode", c.OrganizationFiscalCode),
            new XElement("outcome", "OK"),
            new XElement("creditorReferenceId", data.CreditorReferenceId),
            new XElement("paymentAmount", SoapXml.Euros(data.AmountCents)),
            new XElement("description", data.Description),
            // companyName is optional in a V1 activation answer but mandatory in the receipt.
            new XElement("companyName", data.CompanyName ?? "Ente Creditore"),
            data.OfficeName is null ? null : new XElement("officeName", data.OfficeName),
            new XElement(data.Debtor),
            new XElement("transferList", data.Transfers.Select(t => Transfer(t, v2))),
            new XElement("idPSP", c.PspId),
            new XElement("PSPCompanyName", c.PspName),
            new XElement("idChannel", c.ChannelId),
            new XElement("channelDescription", "app"),
            new XElement("paymentMethod", "creditCard"),
            new XElement("fee", SoapXml.Euros(c.FeeCents)),
            // Like every sample found, the payment time carries no offset; it is Italian local time.
            new XElement("paymentDateTime", local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("applicationDate", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new XElement("transferDate", local.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            data.Metadata is null ? null : new XElement(data.Metadata),
            new XElement("standIn", c.StandIn ? "true" : "false"));
        return receipt;
    }

    private static XElement Transfer(TransferData t, bool v2) => new("transfer",
        new XElement("idTransfer", t.IdTransfer),
        new XElement("transferAmount", SoapXml.Euros(t.AmountCents)),
        new XElement("fiscalCodePA", t.FiscalCodePA),
        v2 && t.CompanyName is not null ? new XElement("companyName", t.CompanyName) : null,
        t.IsStamp && v2
            // The Node attaches the digital stamp document; a simulated marker stands in for it.
            ? new XElement("MBDAttachment", Convert.ToBase64String(Encoding.UTF8.GetBytes("<marcaDaBollo>simulated</marcaDaBollo>")))
            : new XElement("IBAN", t.Iban ?? ""),
        new XElement("remittanceInformation", t.RemittanceInformation),
        new XElement("transferCategory", t.Category),
        t.Metadata is null ? null : new XElement(t.Metadata));
}
