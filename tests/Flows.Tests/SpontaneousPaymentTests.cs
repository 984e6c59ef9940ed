using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// A payment with no prior notice: a PSP asks the station for a notice (paDemandPaymentNotice), the station asks
// DebtPositions over the bus, which creates and publishes the position from the EC's catalogue; the Node then
// verifies, activates and pays it like any other notice.
[Collection(PlatformCollection.Name)]
public sealed class SpontaneousPaymentTests(Platform platform, ITestOutputHelper output)
{
    private static readonly XNamespace PaForNode = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    [Fact]
    public async Task A_donation_demanded_at_a_psp_gets_a_notice_from_the_catalogue_and_is_paid() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var gateway = platform.Gateway;
        var ec = Platform.Ec;
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var catalogue = await gateway.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/spontaneous-services/{Platform.DonationService}", new
        {
            description = "Donazione",
            companyName = "Comune di Demo",
            category = "9/0101108TS/",
            iban = "IT60X0542811101000000123456",
            amountRule = "from-data",
            maxAmountCents = 100_000,
        });
        Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());

        var answer = await DemandAsync(ec, "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>25.00</amount><description>per la biblioteca</description></service>");
        Assert.Equal("OK", answer.Descendants("outcome").Single().Value);
        var nav = answer.Descendants("noticeNumber").Single().Value;
        Assert.Equal("25.00", answer.Descendants("amount").Single().Value);
        Assert.Matches("^301[0-9]{15}$", nav);

        var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav });
        var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        Assert.True((string?)payment["outcome"] == "OK", payment.ToJsonString());
        Assert.Equal(2_500, (long)payment["amountCents"]!);
        var iupd = await SearchIupdAsync(nav);
        await Eventually.TrueAsync(async () => (await gateway.GetStringAsync(
                $"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}")).Contains("\"PAID\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the spontaneous position is PAID");

        var tooMuch = await DemandAsync(ec, "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>5000.00</amount><description>x</description></service>");
        Assert.Equal("PAA_SEMANTICA", tooMuch.Descendants("faultCode").Single().Value);
    }

    private async Task<XElement> DemandAsync(string ec, string serviceData)
    {
        var request = new XElement(PaForNode + "paDemandPaymentNoticeRequest",
            new XElement("idPA", ec), new XElement("idBrokerPA", Platform.Broker), new XElement("idStation", Platform.Station),
            new XElement("idServizio", Platform.DonationService), new XElement("idSoggettoServizio", "00001"),
            new XElement("datiSpecificiServizioRequest", Convert.ToBase64String(Encoding.UTF8.GetBytes(serviceData))));
        var envelope = new XDocument(new XElement(Soap + "Envelope", new XElement(Soap + "Body", request)));
        using var content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml");
        content.Headers.Add("SOAPAction", "\"paDemandPaymentNotice\"");
        var response = await platform.Gateway.PostAsync("/pagopa/paForNode", content);
        var body = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.Descendants().Single(e => e.Name.LocalName == "paDemandPaymentNoticeResponse");
    }

    private async Task<string> SearchIupdAsync(string nav)
    {
        var found = JsonNode.Parse(await platform.Gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/search?nav={nav}"))!;
        var iupd = found.AsArray().Count > 0 ? (string?)found[0]!["iupd"] : (string?)found["iupd"];
        return iupd ?? throw new InvalidOperationException("no position for " + nav + ": " + found.ToJsonString());
    }
}
