using NodeAdapter.Station;
using System.Net;
using System.Text;
using System.Xml.Linq;
using NodeAdapter.Soap;
using Xunit;

namespace NodeAdapter.Tests;

// An answer of the station: HTTP 200, a SOAP envelope whose body element validated against the official XSD.
internal sealed record SoapAnswer(XElement Body)
{
    public string Outcome => Body.Element("outcome")!.Value;
    public string? FaultCode => Body.Element("fault")?.Element("faultCode")?.Value;
    public string? FaultDescription => Body.Element("fault")?.Element("description")?.Value;
    public string? FaultId => Body.Element("fault")?.Element("id")?.Value;
    public string Value(params string[] path) => path.Aggregate(Body, (e, name) => e.Element(name)!).Value;
}

// Requests as the Node sends them, and the checks every answer must pass.
internal static class Soap
{
    private static readonly SoapSchemas Schemas = new();

    public static string Envelope(string body, string prefix = "pafn") =>
        $"""
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:{prefix}="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">
          <soapenv:Header/>
          <soapenv:Body>{body}</soapenv:Body>
        </soapenv:Envelope>
        """;

    public static string Verify(string nav, string fiscalCode = NodeAdapterApp.Organization, string idPA = NodeAdapterApp.Organization,
        string broker = NodeAdapterApp.BrokerId, string station = NodeAdapterApp.StationId) => Envelope($"""
        <pafn:paVerifyPaymentNoticeReq>
          <idPA>{idPA}</idPA><idBrokerPA>{broker}</idBrokerPA><idStation>{station}</idStation>
          <qrCode><fiscalCode>{fiscalCode}</fiscalCode><noticeNumber>{nav}</noticeNumber></qrCode>
        </pafn:paVerifyPaymentNoticeReq>
        """);

    public static string GetPayment(string nav, bool v2, string? transferType = null) => Envelope($"""
        <pafn:{(v2 ? "paGetPaymentV2Request" : "paGetPaymentReq")}>
          <idPA>{NodeAdapterApp.Organization}</idPA><idBrokerPA>{NodeAdapterApp.BrokerId}</idBrokerPA><idStation>{NodeAdapterApp.StationId}</idStation>
          <qrCode><fiscalCode>{NodeAdapterApp.Organization}</fiscalCode><noticeNumber>{nav}</noticeNumber></qrCode>
          <amount>1.00</amount>
          {(transferType is null ? "" : $"<transferType>{transferType}</transferType>")}
        </pafn:{(v2 ? "paGetPaymentV2Request" : "paGetPaymentReq")}>
        """);

    public static string SendRTV2(string receiptId, string iuv, long cents, bool standIn = false, string idPA = NodeAdapterApp.Organization,
        string paymentDateTime = "2026-11-20T10:15:00") => Envelope($"""
        <pafn:paSendRTV2Request>
          <idPA>{idPA}</idPA><idBrokerPA>{NodeAdapterApp.BrokerId}</idBrokerPA><idStation>{NodeAdapterApp.StationId}</idStation>
          <receipt>
            <receiptId>{receiptId}</receiptId><noticeNumber>{Positions.Nav(iuv)}</noticeNumber><fiscalCode>{NodeAdapterApp.Organization}</fiscalCode>
            <outcome>OK</outcome><creditorReferenceId>{iuv}</creditorReferenceId><paymentAmount>{SoapText.Euros(cents)}</paymentAmount>
            <description>TARI 2026</description><companyName>Comune di Demo</companyName>
            <debtor><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>Mario Rossi</fullName></debtor>
            <transferList><transfer><idTransfer>1</idTransfer><transferAmount>{SoapText.Euros(cents)}</transferAmount><fiscalCodePA>{NodeAdapterApp.Organization}</fiscalCodePA>
              <IBAN>{Positions.Iban}</IBAN><remittanceInformation>TARI 2026</remittanceInformation><transferCategory>9/0101108TS/</transferCategory></transfer></transferList>
            <idPSP>PSPTEST01</idPSP><PSPCompanyName>PSP Test</PSPCompanyName><idChannel>PSPTEST01_01</idChannel><channelDescription>app</channelDescription>
            <paymentMethod>creditCard</paymentMethod><fee>1.00</fee>
            <paymentDateTime>{paymentDateTime}</paymentDateTime><applicationDate>2026-11-20</applicationDate><transferDate>2026-11-21</transferDate>
            <standIn>{(standIn ? "true" : "false")}</standIn>
          </receipt>
        </pafn:paSendRTV2Request>
        """);

    public static Task<SoapAnswer> PostAsync(HttpClient client, string action, string xml) =>
        PostAsync(client, action, Encoding.UTF8.GetBytes(xml));

    public static async Task<SoapAnswer> PostAsync(HttpClient client, string? action, byte[] xml)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/pagopa/paForNode") { Content = new ByteArrayContent(xml) };
        request.Content.Headers.ContentType = new("text/xml") { CharSet = "utf-8" };
        if (action is not null) request.Headers.TryAddWithoutValidation("SOAPAction", action);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var envelope = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace soap = "http://schemas.xmlsoap.org/soap/envelope/";
        var body = envelope.Root!.Element(soap + "Body")!.Elements().Single();
        Assert.Equal(SoapOperation.Pafn, body.Name.Namespace);
        var errors = Schemas.Validate(body);
        Assert.True(errors.Count == 0, "response is not XSD-valid: " + string.Join(" | ", errors) + "\n" + body);
        return new SoapAnswer(body);
    }

    public static void AssertFault(SoapAnswer answer, string faultCode)
    {
        Assert.True(answer.Outcome == "KO" && answer.FaultCode == faultCode, $"expected KO {faultCode}, got {answer.Body}");
        Assert.Equal(NodeAdapterApp.BrokerId, answer.FaultId);
        Assert.False(string.IsNullOrWhiteSpace(answer.FaultDescription));
    }
}
