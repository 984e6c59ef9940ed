using System.Xml.Linq;

namespace NodeSimulator.Soap;

// Who is calling: the station coordinates and the PSP collecting the payment.
internal sealed record Caller(string OrganizationFiscalCode, string BrokerId, string StationId);

// The requests the Node sends to the EC, element order as in paForNode.xsd.
internal static class NodeRequests
{
    public static XElement Verify(Caller caller, string noticeNumber) =>
        new(SoapXml.PaForNode + "paVerifyPaymentNoticeReq", Header(caller), QrCode(caller, noticeNumber));

    // paGetPaymentReq (V1) or paGetPaymentV2Request, with the amount the PSP is about to collect (optional in V2
    // only: a load run that skips the verify leaves it out).
    public static XElement GetPayment(Caller caller, string noticeNumber, long? amountCents, bool v2) =>
        new(SoapXml.PaForNode + (v2 ? "paGetPaymentV2Request" : "paGetPaymentReq"),
            Header(caller), QrCode(caller, noticeNumber),
            amountCents is { } cents ? new XElement("amount", SoapXml.Euros(cents)) : null);

    // paDemandPaymentNoticeRequest: a PSP asks for a notice of a spontaneous service; the service data (an XML
    // document valid for the service's XSD) travels base64-encoded.
    public static XElement Demand(Caller caller, string serviceId, string subjectId, string serviceData) =>
        new(SoapXml.PaForNode + "paDemandPaymentNoticeRequest", Header(caller),
            new XElement("idServizio", serviceId),
            new XElement("idSoggettoServizio", subjectId),
            new XElement("datiSpecificiServizioRequest", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(serviceData))));

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
