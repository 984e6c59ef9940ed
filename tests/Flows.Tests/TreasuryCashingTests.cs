using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Money in the bank, end to end: a position with its budget chapter is paid through the Node, reported by the PSP's
// flow, and cashed when the municipality's treasurer uploads a camt.053 statement through the gateway as an
// authenticated caller; the accounting export carries the chapter from the position.
[Collection(PlatformCollection.Name)]
public sealed class TreasuryCashingTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_paid_and_reported_payment_is_cashed_when_the_treasury_statement_crediting_its_flow_is_uploaded_through_the_gateway() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var (gateway, ec) = (platform.Gateway, Platform.Ec);
        var iupd = "CASH-" + Guid.NewGuid().ToString("N")[..12];
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", SamplePositions.SinglePayment(iupd, 4_321, "Mensa scolastica novembre", "Mensa", "CAP-4321", "ACC-2026-99"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var option = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!["paymentOption"]![0]!;
        var (nav, iuv) = ((string)option["nav"]!, (string)option["iuv"]!);
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}")).IsSuccessStatusCode,
            Settle, "the station knows the notice");

        var paid = JsonNode.Parse(await (await platform.Simulator.PostAsJsonAsync("/simulator/payments",
            new { organizationFiscalCode = ec, noticeNumber = nav, soapVersion = "V2" })).Content.ReadAsStringAsync())!;
        Assert.Equal("OK", (string?)paid["outcome"]);
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/reporting/organizations/{ec}/reconciliation/payments/{iuv}")).IsSuccessStatusCode,
            Settle, "Reporting has the receipt");
        var flow = JsonNode.Parse(await (await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec })).Content.ReadAsStringAsync())!;
        var fdr = (string)flow["fdr"]!;
        await Eventually.TrueAsync(async () => await StateAsync(iuv) == "reported", Settle, "the payment is reported");
        var total = (long)JsonNode.Parse(await gateway.GetStringAsync($"/api/reporting/organizations/{ec}/flows/{fdr}"))!["flow"]!["declaredTotalAmountCents"]!;

        // The bank upper-cases the remittance and inserts a space in the marker, as banks do.
        var statement = Camt053(total, $"/PUR/LGPE - RIVERSAMENTO/URI/{fdr}".ToUpperInvariant());
        var asReader = await UploadAsync(platform.ClientWithKey(platform.Key("reader-77")), ec, statement);
        var asOtherEc = await UploadAsync(platform.ClientWithKey(platform.Key("admin-88")), ec, statement);
        var anonymous = await UploadAsync(platform.ClientWithKey(null), ec, statement);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (asReader.StatusCode, asOtherEc.StatusCode, anonymous.StatusCode));
        var uploaded = await UploadAsync(gateway, ec, statement);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(gateway, ec, statement)).StatusCode);

        Assert.Equal("cashed", await StateAsync(iuv));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = await gateway.GetStringAsync(
            $"/api/reporting/organizations/{ec}/reconciliation/exports/accounting?from={today.AddDays(-2):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&chapter=CAP-4321");
        var row = Assert.Single(csv.TrimEnd('\n').Split('\n').Skip(1), l => l.Contains(iuv, StringComparison.Ordinal));
        Assert.Contains(";CAP-4321;ACC-2026-99;", row, StringComparison.Ordinal);
        Assert.Contains($";{fdr};", row, StringComparison.Ordinal);
    }

    private async Task<string?> StateAsync(string iuv) =>
        (string?)JsonNode.Parse(await platform.Gateway.GetStringAsync($"/api/reporting/organizations/{Platform.Ec}/reconciliation/payments/{iuv}"))!["state"];

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string ec, byte[] statement)
    {
        var content = new ByteArrayContent(statement);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return client.PostAsync($"/api/reporting/organizations/{ec}/treasury/statements", content);
    }

    private static byte[] Camt053(long cents, string remittance)
    {
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
              <GrpHdr><MsgId>{Guid.NewGuid():N}</MsgId><CreDtTm>{day}T20:00:00</CreDtTm></GrpHdr>
              <Stmt><Id>S1</Id><CreDtTm>{day}T20:00:00</CreDtTm><Acct><Id><IBAN>IT60X0542811101000000123456</IBAN></Id></Acct>
                <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>
                <Ntry><Amt Ccy="EUR">{cents / 100m:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt>
                  <BkTxCd><Prtry><Cd>48//</Cd><Issr>CBI</Issr></Prtry></BkTxCd>
                  <NtryDtls><TxDtls><RmtInf><Ustrd>{remittance}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
              </Stmt></BkToCstmrStmt></Document>
            """);
    }
}
