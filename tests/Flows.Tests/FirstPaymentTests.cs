using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// The first payment end to end: every service a separate process, every hop real HTTP or a real RabbitMQ message,
// every state in PostgreSQL, observed only through the gateway and the simulator.
[Collection(PlatformCollection.Name)]
public sealed class FirstPaymentTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_position_created_by_a_municipality_is_paid_through_the_node_receipted_reported_and_reconciled() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var gateway = platform.Gateway;
        var ec = Platform.Ec;
        var iupd = "FLOW-" + Guid.NewGuid().ToString("N")[..12];

        // 1. The EC's IUV configuration, then a GPD v1 position without IUV, published at once.
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", SamplePositions.SinglePayment(iupd));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var position = await GetPositionAsync(iupd);
        Assert.Equal("VALID", (string?)position["status"]);
        var nav = (string)position["paymentOption"]![0]!["nav"]!;
        var iuv = (string)position["paymentOption"]![0]!["iuv"]!;
        Assert.Matches("^301[0-9]{15}$", nav);
        Assert.Equal(nav[1..], iuv);
        Assert.Equal(long.Parse(nav[..16], System.Globalization.CultureInfo.InvariantCulture) % 93, long.Parse(nav[16..], System.Globalization.CultureInfo.InvariantCulture));

        // 2. The station learns the notice from events (DebtPositions → NodeAdapter, Actualisation → NodeAdapter).
        await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}"),
            Settle, "the NodeAdapter's read model has the notice");

        // 3. The Node verifies, activates and sends the receipt through the gateway.
        var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav, soapVersion = "V2" });
        var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        Assert.True(paid.IsSuccessStatusCode && (string?)payment["outcome"] == "OK", payment.ToJsonString());
        Assert.Equal(12_050, (long)payment["amountCents"]!);
        var receiptId = (string)payment["receiptId"]!;

        // 4. Receipts archives it; DebtPositions marks the position PAID.
        await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/receipts/organizations/{ec}/receipts/{receiptId}"),
            Settle, "the receipt is in the legal archive");
        await Eventually.TrueAsync(async () => (string?)(await GetPositionAsync(iupd))["status"] == "PAID", Settle, "the position is PAID");
        // GPD's receipts API gives the receipt as the Node sent it.
        var gpdReceipt = await gateway.GetAsync($"/payments/{ec}/receipts/{iuv}");
        Assert.Equal(HttpStatusCode.OK, gpdReceipt.StatusCode);
        var receiptXml = System.Xml.Linq.XElement.Parse(await gpdReceipt.Content.ReadAsStringAsync());
        Assert.Equal(receiptId, receiptXml.Descendants("receiptId").Single().Value);

        // 5. A second attempt to pay the same notice is refused by the station as already paid.
        var again = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav });
        var refused = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Equal("KO", (string?)refused["outcome"]);
        Assert.Contains("PAA_PAGAMENTO_DUPLICATO", refused.ToJsonString(), StringComparison.Ordinal);

        // 6. The PSP's reporting flow is published on the Node, downloaded, reconciled: REPORTED.
        var flow = await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec });
        Assert.Equal(HttpStatusCode.Created, flow.StatusCode);
        var published = JsonNode.Parse(await flow.Content.ReadAsStringAsync())!;
        var fdr = (string)published["fdr"]!;
        await AssertFdrAnswersMatchTheOpenApiAsync(ec, fdr, (long)published["revision"]!, (string)published["pspId"]!);
        await Eventually.TrueAsync(async () => (string?)(await GetPositionAsync(iupd))["status"] == "REPORTED", Settle, "the position is REPORTED");
        var reported = await gateway.GetAsync($"/api/reporting/organizations/{ec}/flows/{fdr}");
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Contains(iuv, await reported.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // 7. The history tells the whole story, in order.
        var history = await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}/history");
        var order = new[] { "VALID", "PAID", "REPORTED" }.Select(s => history.IndexOf($"\"{s}\"", StringComparison.Ordinal)).ToArray();
        Assert.All(order, i => Assert.True(i >= 0, history));
        Assert.True(order[0] < order[1] && order[1] < order[2], history);
    }

    private async Task<JsonNode> GetPositionAsync(string iupd)
    {
        var json = await platform.Gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}");
        return JsonNode.Parse(json)!;
    }

    // The simulator's hand-written FdR API (what the NodeAdapter downloads) answers as pagoPA's FdR OpenAPI says:
    // tests/Testing/Specs/fdr_organization.json, copied from ../shared/specs/pagopa/openapi/pagopa-api.
    private async Task AssertFdrAnswersMatchTheOpenApiAsync(string ec, string fdr, long revision, string psp)
    {
        var spec = OpenApiConformance.FdrOrganization();
        var errors = new List<string>();
        foreach (var (path, schema) in new[]
        {
            ($"/organizations/{ec}/fdrs", "PaginatedFlowsResponse"),
            ($"/organizations/{ec}/fdrs/{fdr}/revisions/{revision}/psps/{psp}", "SingleFlowResponse"),
            ($"/organizations/{ec}/fdrs/{fdr}/revisions/{revision}/psps/{psp}/payments", "PaginatedPaymentsResponse"),
        })
        {
            using var answer = JsonDocument.Parse(await platform.Simulator.GetStringAsync(path));
            errors.AddRange(spec.Check(answer.RootElement, schema).Select(e => $"{path} ({schema}) {e}"));
        }
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }
}
