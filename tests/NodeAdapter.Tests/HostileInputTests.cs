using NodeAdapter.Station;
using System.Net;
using System.Text;
using System.Xml.Linq;
using NodeAdapter.Soap;
using Xunit;

namespace NodeAdapter.Tests;

// Whatever arrives, the station answers HTTP 200 with a well-formed SOAP envelope.
public sealed class HostileInputTests(StationOnKestrel app) : IClassFixture<StationOnKestrel>
{
    private const string SomeNav = "301000000000000001";
    private static readonly XNamespace Envelope = "http://schemas.xmlsoap.org/soap/envelope/";

    [Theory]
    [InlineData("&#x1;")]
    [InlineData("\u0001")]
    [InlineData("&#x1F;")]
    [InlineData("&#xFFFE;")]
    public async Task A_character_XML_forbids_in_a_field_is_PAA_SINTASSI_EXTRAXSD_not_an_HTTP_error(string idPA)
    {
        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", Soap.Verify(SomeNav, idPA: idPA));
        Soap.AssertFault(answer, Faults.SyntaxExtraXsd);
    }

    [Fact]
    public void An_answer_carrying_characters_XML_cannot_hold_is_written_with_them_replaced()
    {
        var reply = SoapReply.Fault(SoapOperation.VerifyPaymentNotice, NodeAdapterApp.BrokerId, Faults.SystemError,
            "bad \u0001 \u0000 \uFFFE \uD800 end, 😀 kept");

        var envelope = XDocument.Parse(Encoding.UTF8.GetString(reply.ToEnvelope().Span));

        var description = envelope.Descendants("description").Single().Value;
        Assert.Equal("bad" + new string(' ', 9) + "end, 😀 kept", description);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_SOAP_fault_with_HTTP_200_even_when_sent_in_chunks()
    {
        var huge = Soap.Verify(SomeNav).Replace("<soapenv:Header/>",
            "<soapenv:Header>" + new string(' ', 600 * 1024) + "</soapenv:Header>", StringComparison.Ordinal);
        var client = app.CreateClient();

        var sized = await Soap.PostAsync(client, "paVerifyPaymentNotice", Encoding.UTF8.GetBytes(huge));
        Soap.AssertFault(sized, Faults.SyntaxExtraXsd);
        Assert.Contains("larger than", sized.FaultDescription);

        using var request = new HttpRequestMessage(HttpMethod.Post, StationEndpoint.Path) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))) };
        request.Content.Headers.ContentType = new("text/xml");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("SOAPAction", "paVerifyPaymentNotice");
        var chunked = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, chunked.StatusCode);
        Assert.Contains($"<faultCode>{Faults.SyntaxExtraXsd}</faultCode>", await chunked.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Header")]
    [InlineData("Body")]
    public async Task Fifty_thousand_nested_elements_are_refused_with_a_syntax_fault(string where)
    {
        var nested = string.Concat(Enumerable.Repeat("<a>", 50_000)) + string.Concat(Enumerable.Repeat("</a>", 50_000));
        var xml = where == "Header"
            ? Soap.Verify(SomeNav).Replace("<soapenv:Header/>", $"<soapenv:Header>{nested}</soapenv:Header>", StringComparison.Ordinal)
            : Soap.Verify(SomeNav).Replace("<idPA>", "<idPA>" + nested, StringComparison.Ordinal);

        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", xml);

        Soap.AssertFault(answer, Faults.SyntaxExtraXsd);
        Assert.Contains("nested", answer.FaultDescription);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    public async Task A_header_entry_the_station_must_understand_is_answered_with_a_MustUnderstand_fault(string flag)
    {
        var xml = Soap.Verify(SomeNav).Replace("<soapenv:Header/>",
            $"<soapenv:Header><sec:Security xmlns:sec=\"urn:example:security\" soapenv:mustUnderstand=\"{flag}\"/></soapenv:Header>", StringComparison.Ordinal);

        var fault = await SoapFaultAsync(await PostRawAsync(Encoding.UTF8.GetBytes(xml), "text/xml"));

        Assert.Equal("soapenv:MustUnderstand", fault.Element("faultcode")!.Value);
        Assert.Contains("Security", fault.Element("faultstring")!.Value);
    }

    [Theory]
    [InlineData("soapenv:mustUnderstand=\"0\"")]
    [InlineData("soapenv:mustUnderstand=\"false\"")]
    [InlineData("soapenv:mustUnderstand=\"1\" soapenv:actor=\"urn:example:someone-else\"")]
    [InlineData("mustUnderstand=\"1\"")]
    public async Task Header_entries_that_are_optional_or_addressed_to_someone_else_are_ignored(string attributes)
    {
        var xml = Soap.Verify(SomeNav).Replace("<soapenv:Header/>",
            $"<soapenv:Header><sec:Trace xmlns:sec=\"urn:example:trace\" {attributes}/></soapenv:Header>", StringComparison.Ordinal);

        Soap.AssertFault(await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", xml), Faults.PaymentUnknown);
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "empty body", [], "text/xml" },
        { "whitespace only", "  \n "u8.ToArray(), "text/xml" },
        { "truncated document", Encoding.UTF8.GetBytes(Soap.Verify(SomeNav)[..200]), "text/xml" },
        { "JSON", """{"idPA":"77777777777"}"""u8.ToArray(), "application/json" },
        { "DTD without entities", Encoding.UTF8.GetBytes("<!DOCTYPE x []>" + Soap.Verify(SomeNav)), "text/xml" },
        { "unknown encoding", Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"x-no-such\"?>" + Soap.Verify(SomeNav)), "text/xml" },
        { "UTF-16 declared, UTF-8 sent", Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + Soap.Verify(SomeNav)), "text/xml" },
        { "invalid UTF-8", [.. "<a>"u8, 0xC3, 0x28, .. "</a>"u8], "text/xml" },
        { "text after the envelope", Encoding.UTF8.GetBytes(Soap.Verify(SomeNav) + "<more/>"), "text/xml" },
        { "SOAP 1.2 envelope", Encoding.UTF8.GetBytes(Soap.Verify(SomeNav).Replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope", StringComparison.Ordinal)), "application/soap+xml" },
        { "payload in another namespace", Encoding.UTF8.GetBytes(Soap.Verify(SomeNav).Replace("http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd", "urn:other", StringComparison.Ordinal)), "text/xml" },
        { "multipart form", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n"u8.ToArray(), "multipart/form-data; boundary=b" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_request_of_any_kind_gets_a_SOAP_answer_with_HTTP_200(string kind, byte[] body, string contentType)
    {
        foreach (var action in new[] { "paVerifyPaymentNotice", null })
        {
            var response = await PostRawAsync(body, contentType, action);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind}: HTTP {(int)response.StatusCode}");
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
            var answer = document.Root!.Element(Envelope + "Body")!.Elements().Single();
            if (action is null) continue;
            Assert.True(answer.Name == SoapOperation.VerifyPaymentNotice.ResponseName, $"{kind}: {answer}");
            Assert.Equal("KO", answer.Element("outcome")!.Value);
        }
    }

    [Fact]
    public async Task Byte_order_marks_and_declared_encodings_are_read_as_the_sender_meant()
    {
        var client = app.CreateClient();
        byte[][] bodies =
        [
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Soap.Verify(SomeNav))],
            [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Soap.Verify(SomeNav))],
            Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + Soap.Verify(SomeNav).Replace("<soapenv:Header/>", "<soapenv:Header><!-- è --></soapenv:Header>", StringComparison.Ordinal)),
        ];
        foreach (var body in bodies)
            Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", body), Faults.PaymentUnknown);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_receipt_sent_in_UTF_16_is_stored_with_its_raw_XML_readable(bool byteOrderMark)
    {
        var iuv = Positions.NewIuv();
        var xml = Soap.SendRTV2("rcpt-utf16-" + iuv, iuv, 1_000);
        var body = byteOrderMark
            ? [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)]
            : Encoding.BigEndianUnicode.GetBytes(xml);

        var answer = await Soap.PostAsync(app.CreateClient(), "paSendRTV2", body);

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.receipt_log WHERE receipt_id = 'rcpt-utf16-{iuv}' AND raw_xml LIKE '%<receiptId>rcpt-utf16-{iuv}</receiptId>%'"));
    }

    private async Task<HttpResponseMessage> PostRawAsync(byte[] body, string contentType, string? action = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, StationEndpoint.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (action is not null) request.Headers.TryAddWithoutValidation("SOAPAction", action);
        return await app.CreateClient().SendAsync(request);
    }

    // The soap:Fault of an answer that has no paForNode response type: still HTTP 200 and text/xml.
    private static async Task<XElement> SoapFaultAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.Root!.Element(Envelope + "Body")!.Element(Envelope + "Fault")!;
    }
}
