using System.Net;
using System.Text;
using NodeAdapter.Soap;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class SyntaxAndRegistryTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    private const string SomeNav = "301000000000000001";

    [Theory]
    [InlineData("99999999999", NodeAdapterApp.StationId, NodeAdapterApp.Organization, Faults.WrongBroker)]
    [InlineData(NodeAdapterApp.BrokerId, "77777777777_99", NodeAdapterApp.Organization, Faults.WrongStation)]
    [InlineData(NodeAdapterApp.BrokerId, NodeAdapterApp.StationId, "12345678901", Faults.WrongDomain)]
    public async Task A_call_for_another_broker_station_or_EC_is_refused_with_the_registry_fault(string broker, string station, string idPA, string fault)
    {
        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice",
            Soap.Verify(SomeNav, fiscalCode: idPA, idPA: idPA, broker: broker, station: station));
        Soap.AssertFault(answer, fault);
    }

    [Fact]
    public async Task Calls_are_counted_on_the_service_meter_by_operation_outcome_and_fault_code()
    {
        var client = app.CreateClient();
        await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(SomeNav, broker: "99999999999"));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("nodeadapter_soap_requests_total{fault_code=\"PAA_ID_INTERMEDIARIO_ERRATO\",operation=\"paVerifyPaymentNotice\",outcome=\"KO\"}", metrics);
        Assert.Contains("nodeadapter_soap_duration_seconds_bucket{", metrics);
    }

    [Fact]
    public async Task A_notice_of_an_EC_we_do_not_serve_is_PAA_ID_DOMINIO_ERRATO_even_from_one_of_our_ECs()
    {
        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", Soap.Verify(SomeNav, fiscalCode: "12345678901"));
        Soap.AssertFault(answer, Faults.WrongDomain);
    }

    [Fact]
    public async Task A_request_violating_the_XSD_is_PAA_SINTASSI_XSD_with_a_description_of_what_is_wrong()
    {
        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", Soap.Verify("3010000000000ABC01"));
        Soap.AssertFault(answer, Faults.SyntaxXsd);
        Assert.Contains("noticeNumber", answer.FaultDescription);

        var missing = await Soap.PostAsync(app.CreateClient(), "paGetPaymentV2", Soap.Envelope(
            "<pafn:paGetPaymentV2Request><idPA>77777777777</idPA><idBrokerPA>77777777777</idBrokerPA></pafn:paGetPaymentV2Request>"));
        Soap.AssertFault(missing, Faults.SyntaxXsd);
        Assert.Equal("paGetPaymentV2Response", missing.Body.Name.LocalName);
    }

    [Fact]
    public async Task An_external_entity_is_refused_with_a_syntax_fault_and_never_resolved()
    {
        var xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            """ + Soap.Verify(SomeNav, idPA: "&xxe;");
        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", xxe);
        Soap.AssertFault(answer, Faults.SyntaxExtraXsd);
        Assert.DoesNotContain("root:", answer.Body.ToString());
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task A_billion_laughs_body_is_refused_with_a_syntax_fault_and_the_service_stays_healthy()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++) entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        var bomb = $"<?xml version=\"1.0\"?><!DOCTYPE lolz [{entities}]>" + Soap.Verify(SomeNav, idPA: "&lol9;");
        Soap.AssertFault(await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", bomb), Faults.SyntaxExtraXsd);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_a_syntax_fault_and_the_service_stays_healthy()
    {
        var huge = Soap.Verify(SomeNav).Replace("<soapenv:Header/>", "<soapenv:Header>" + new string(' ', 200_000) + "</soapenv:Header>", StringComparison.Ordinal);
        var answer = await Soap.PostAsync(app.CreateClient(), "paVerifyPaymentNotice", huge);
        Soap.AssertFault(answer, Faults.SyntaxExtraXsd);
        Assert.Contains("larger than", answer.FaultDescription);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Garbage_and_envelopes_without_a_body_are_syntax_faults_of_the_announced_operation()
    {
        var client = app.CreateClient();
        var garbage = await Soap.PostAsync(client, "paSendRTV2", "this is not xml");
        Soap.AssertFault(garbage, Faults.SyntaxExtraXsd);
        Assert.Equal("paSendRTV2Response", garbage.Body.Name.LocalName);
        var noBody = await Soap.PostAsync(client, "\"paGetPayment\"", "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"/>");
        Soap.AssertFault(noBody, Faults.SyntaxExtraXsd);
        Assert.Equal("paGetPaymentRes", noBody.Body.Name.LocalName);
    }

    [Theory]
    [InlineData("paVerifyPaymentNotice")]
    [InlineData("\"paVerifyPaymentNotice\"")]
    [InlineData("http://pagopa-api.pagopa.gov.it/paForNode/paVerifyPaymentNotice")]
    [InlineData(null)]
    public async Task The_operation_is_found_from_a_quoted_bare_or_missing_SOAPAction_by_the_body_element(string? action)
    {
        var answer = await Soap.PostAsync(app.CreateClient(), action, Encoding.UTF8.GetBytes(Soap.Verify(SomeNav)));
        Assert.Equal("paVerifyPaymentNoticeRes", answer.Body.Name.LocalName);
        Soap.AssertFault(answer, Faults.PaymentUnknown);
    }

    [Fact]
    public async Task The_WSDL_is_served_with_our_address_and_its_schemas_resolve_through_the_station()
    {
        var client = app.CreateClient();
        var wsdl = await client.GetStringAsync("/pagopa/paForNode?wsdl");
        Assert.Contains("location=\"http://localhost/pagopa/paForNode\"", wsdl);
        Assert.Contains("schemaLocation=\"http://localhost/pagopa/paForNode?xsd=paForNode.xsd\"", wsdl);
        var xsd = await client.GetStringAsync("/pagopa/paForNode?xsd=paForNode.xsd");
        Assert.Contains("?xsd=sac-common-types-1.0.xsd", xsd);
        var set = new System.Xml.Schema.XmlSchemaSet { XmlResolver = null };
        set.Add(ReadSchema(await client.GetStringAsync("/pagopa/paForNode?xsd=sac-common-types-1.0.xsd")));
        set.Add(ReadSchema(xsd));
        set.Compile();
        Assert.Equal(12, set.GlobalElements.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/pagopa/paForNode?xsd=../../etc/passwd")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_operation_gets_a_SOAP_client_fault_not_an_HTTP_error()
    {
        using var content = new StringContent(Soap.Envelope("<pafn:nodoChiediCatalogoServizi/>"), Encoding.UTF8, "text/xml");
        var response = await app.CreateClient().PostAsync("/pagopa/paForNode", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("soapenv:Client", text);
        Assert.Contains(Faults.SyntaxExtraXsd, text);
    }

    private static System.Xml.Schema.XmlSchema ReadSchema(string text)
    {
        using var reader = System.Xml.XmlReader.Create(new StringReader(text), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        return System.Xml.Schema.XmlSchema.Read(reader, null)!;
    }

    private async Task AssertStillHealthyAsync()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(SomeNav)), Faults.PaymentUnknown);
    }
}
