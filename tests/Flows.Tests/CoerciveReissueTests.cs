using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Coercive collection end to end: an overdue position is re-issued with the COERCIVE charges; the old notice is
// refused at the station, the new one asks the coercive amount, and a receipt the PSP took for the old notice before
// the cancellation, delivered late, is accepted and settles the new position: the debtor pays once.
[Collection(PlatformCollection.Name)]
public sealed class CoerciveReissueTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private const string Positions = $"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions";

    [Fact]
    public async Task A_reissued_notice_is_refused_as_annulled_the_new_one_asks_the_coercive_amount_and_a_late_old_receipt_settles_it_once() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var gateway = platform.Gateway;
        var (iupd, oldNav) = await PayablePositions.CreateAsync(platform, "COE-");

        // 1. A PSP takes the money for the old notice, but its receipt does not reach the station (yet).
        var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = Platform.Ec, noticeNumber = oldNav, receiptLost = true });
        var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        Assert.True((string?)payment["outcome"] == "OK", payment.ToJsonString());
        var lateReceipt = (string)payment["receiptId"]!;

        // 2. The municipality moves the position to coercive collection: 4,200 + 3% (126) + 500 costs.
        var reissued = await gateway.PostAsJsonAsync($"{Positions}/{iupd}/reissue", new { costsCents = 500 });
        Assert.True(reissued.StatusCode == HttpStatusCode.Created, await reissued.Content.ReadAsStringAsync());
        var successor = JsonNode.Parse(await reissued.Content.ReadAsStringAsync())!;
        var newIupd = (string)successor["iupd"]!;
        var newNav = (string)successor["paymentOption"]![0]!["nav"]!;
        Assert.Equal(4_826, (long)successor["paymentOption"]![0]!["amount"]!);

        // 3. The station: the old notice is annulled, the new one asks the coercive amount.
        await Eventually.TrueAsync(async () => await StationFaultAsync(oldNav) == "PAA_PAGAMENTO_ANNULLATO", Settle, "the old notice is cancelled at the station");
        await Eventually.TrueAsync(async () => await StationAmountAsync(newNav) == 4_826, Settle, "the station knows the new notice");
        Assert.Equal(("KO", "PAA_PAGAMENTO_ANNULLATO"), await VerifyAsync(oldNav));
        Assert.Equal(("OK", (string?)null), await VerifyAsync(newNav));
        Assert.Equal("48.26", await VerifiedAmountAsync(newNav));

        // 4. The old receipt arrives late: the station must accept it (the money was taken), and the new position is settled by it.
        var resent = await platform.Simulator.PostAsync($"/simulator/payments/{lateReceipt}/resend", null);
        var step = JsonNode.Parse(await resent.Content.ReadAsStringAsync())!;
        Assert.True((string?)step["outcome"] == "OK", step.ToJsonString());
        await Eventually.TrueAsync(async () => (string?)(await PositionAsync(newIupd))["status"] == "PAID", Settle, "the new position is settled");
        await Eventually.TrueAsync(async () => (string?)(await PositionAsync(iupd))["status"] == "PAID", Settle, "the old position is paid");
        var anomalies = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/coercive/anomalies?iupd={newIupd}"))!.AsArray();
        Assert.Equal(("settled", lateReceipt), ((string?)Assert.Single(anomalies)!["kind"], (string?)anomalies[0]!["receiptId"]));

        // 5. Nothing is charged twice: the new notice is answered as already paid.
        await Eventually.TrueAsync(async () => await StationFaultAsync(newNav) == "PAA_PAGAMENTO_DUPLICATO", Settle, "the station learns the new notice is settled");
        var second = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = Platform.Ec, noticeNumber = newNav });
        var refused = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal("KO", (string?)refused["outcome"]);
        Assert.Contains("PAA_PAGAMENTO_DUPLICATO", refused.ToJsonString(), StringComparison.Ordinal);
        var lineage = await PositionAsync(iupd);
        Assert.Equal(newIupd, (string?)lineage["reissuedAs"]);
        Assert.Equal(iupd, (string?)(await PositionAsync(newIupd))["reissueOf"]);
    }

    private async Task<JsonNode> PositionAsync(string iupd) => JsonNode.Parse(await platform.Gateway.GetStringAsync($"{Positions}/{iupd}"))!;

    private async Task<JsonNode?> StationNoticeAsync(string nav)
    {
        var response = await platform.Gateway.GetAsync($"/api/node-adapter/organizations/{Platform.Ec}/notices/{nav}");
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    private async Task<string?> StationFaultAsync(string nav) => (string?)(await StationNoticeAsync(nav))?["faultCode"];

    private async Task<long?> StationAmountAsync(string nav) => (long?)(await StationNoticeAsync(nav))?["amountDueTodayCents"];

    private async Task<(string Outcome, string? FaultCode)> VerifyAsync(string nav)
    {
        var answer = await VerifyDocumentAsync(nav);
        return (Text(answer, "outcome")!, Text(answer, "faultCode"));
    }

    private async Task<string?> VerifiedAmountAsync(string nav) => Text(await VerifyDocumentAsync(nav), "amount");

    // paVerifyPaymentNotice through the gateway, as the Node sends it (the platform's station takes any client).
    private async Task<XDocument> VerifyDocumentAsync(string nav)
    {
        using var client = platform.ClientWithKey(null);
        var envelope = $"""
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">
              <soapenv:Body><nod:paVerifyPaymentNoticeReq>
                <idPA>{Platform.Ec}</idPA><idBrokerPA>{Platform.Broker}</idBrokerPA><idStation>{Platform.Station}</idStation>
                <qrCode><fiscalCode>{Platform.Ec}</fiscalCode><noticeNumber>{nav}</noticeNumber></qrCode>
              </nod:paVerifyPaymentNoticeReq></soapenv:Body>
            </soapenv:Envelope>
            """;
        using var content = new StringContent(envelope, System.Text.Encoding.UTF8, "text/xml");
        content.Headers.Add("SOAPAction", "\"paVerifyPaymentNotice\"");
        var answer = await client.PostAsync("/pagopa/paForNode", content);
        return XDocument.Parse(await answer.Content.ReadAsStringAsync());
    }

    private static string? Text(XDocument document, string name) =>
        document.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
