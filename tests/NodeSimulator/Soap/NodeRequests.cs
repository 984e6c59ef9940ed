using System.Xml.Linq;

namespace NodeSimulator.Soap;

/// <summary>Who is calling: the station coordinates and the PSP collecting the payment.</summary>
internal sealed record Caller(string OrganizationFiscalCode, string BrokerId, string StationId);

/// <summary>The requests the Node sends to the EC, element order as in paForNode.xsd.</summary>
internal static class NodeRequests
{
    public static XElement Verify(Caller caller, string noticeNumber) =>
        new(SoapXml.PaForNode + "paVerifyPaymentNoticeReq", Header(caller), QrCode(caller, noticeNumber));

    /// <summary>paGetPaymentReq (V1) or paGetPaymentV2Request, with the amount the PSP is about to collect.</summary>
    public static XElement GetPayment(Caller caller, string noticeNumber, long amountCents, bool v2) =>
        new(SoapXml.PaForNode + (v2 ? "paGetPaymentV2Request" : "paGetPaymentReq"),
            Header(caller), QrCode(caller, noticeNumber),
            new XElement("amount", SoapXml.Euros(amountCents)));

    public static XElement SendReceipt(Caller caller, XElement receipt, bool v2) =>
        new(SoapXml.PaForNode + (v2 ? "paSendRTV2Request" : "paSendRTReq"), Header(caller), receipt);

    private static IEnumerable<XElement> Header(Caller caller) =>
    [
        new XElement("idPA", caller.OrganizationFiscalCode),
        new XElement("idBrokerPA", caller.BrokerId),
        new XElement("idStation", caller.StationId),
    ];

    private static XElement QrCode(Caller caller, string noticeNumber) =>
        new("qrCode", new XElement("fiscalCode", caller.OrganizationFiscalCode), new XElement("noticeNumber", noticeNumber));
}
