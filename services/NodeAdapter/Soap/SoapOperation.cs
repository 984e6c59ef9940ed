using NodeAdapter.Station;
using System.Xml.Linq;

namespace NodeAdapter.Soap;

// One operation of the paForNode interface: its SOAPAction and its body elements.
internal sealed record SoapOperation(string Action, string RequestElement, string ResponseElement)
{
    public static readonly XNamespace Pafn = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";

    public static readonly SoapOperation VerifyPaymentNotice = new("paVerifyPaymentNotice", "paVerifyPaymentNoticeReq", "paVerifyPaymentNoticeRes");
    public static readonly SoapOperation GetPayment = new("paGetPayment", "paGetPaymentReq", "paGetPaymentRes");
    public static readonly SoapOperation GetPaymentV2 = new("paGetPaymentV2", "paGetPaymentV2Request", "paGetPaymentV2Response");
    public static readonly SoapOperation SendRT = new("paSendRT", "paSendRTReq", "paSendRTRes");
    public static readonly SoapOperation SendRTV2 = new("paSendRTV2", "paSendRTV2Request", "paSendRTV2Response");
    public static readonly SoapOperation DemandPaymentNotice = new("paDemandPaymentNotice", "paDemandPaymentNoticeRequest", "paDemandPaymentNoticeResponse");

    public static IReadOnlyList<SoapOperation> All { get; } =
        [VerifyPaymentNotice, GetPayment, GetPaymentV2, SendRT, SendRTV2, DemandPaymentNotice];

    public XName RequestName => Pafn + RequestElement;
    public XName ResponseName => Pafn + ResponseElement;

    // The operation a SOAPAction header names: quoted or not, bare or as the last segment of a URI (senders differ;
    // NOTES §2.1). Null when absent or unknown.
    public static SoapOperation? ByAction(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var action = header.Trim().Trim('"').Trim();
        var cut = action.LastIndexOfAny(['/', '#']);
        if (cut >= 0) action = action[(cut + 1)..];
        return All.FirstOrDefault(o => string.Equals(o.Action, action, StringComparison.Ordinal));
    }

    public static SoapOperation? ByRequestElement(XName name) => All.FirstOrDefault(o => o.RequestName == name);
}
