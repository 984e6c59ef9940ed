using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// A traffic fine under the formal rule FINE-CDS (RULES.md §3.7), end to end on the platform's shared clock (ADR
// 0045): the station asks the amount of the Rome day of each request as the days pass, and a payment on day 61 is
// carried alike by the receipt, the position and the reconciliation. Expected amounts worked out by hand from
// RULES.md §3.7, not from the code under test. Inputs: minimum M = 42.00 €, maximum X = 173.00 €, costs K = 12.50 €,
// notification N = Thursday 14 January 2027. D5 = N + 5 = Tuesday 19 January (not a Sunday nor a holiday, so not
// moved); D60 = N + 60 = Monday 15 March 2027 (Easter Monday 2027 is 29 March, so not moved); E = D60 + 1 = Tuesday
// 16 March. - days 0..5: round2(0.70 × 42.00) + 12.50 = 29.40 + 12.50 = 41.90 €; - days 6..60: M + K = 42.00 + 12.50
// = 54.50 €; - day 61 (= E, first semester started, STARTED mode, s = 1): H = round2(173.00 / 2) = 86.50, surcharge
// round2(86.50 × 0.10 × 1) = 8.65, so 86.50 + 8.65 + 12.50 = 107.65 €, of which the sanction transfer carries 95.15 €
// and the costs transfer 12.50 €.
[Collection(PlatformCollection.Name)]
public sealed class FinePaymentTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly DateOnly Notified = new(2027, 1, 14);
    private const long Reduced = 4_190;
    private const long Ordinary = 5_450;
    private const long HalfMaximumWithSurcharge = 10_765;
    private const string Debtor = "RSSMRA80A01H501U";

    [Fact]
    public async Task A_fine_is_reduced_through_day_5_ordinary_on_day_6_half_maximum_with_surcharge_on_day_61_and_its_payment_agrees_everywhere() =>
        await platform.RunScenarioAsync(async () =>
        {
            try
            {
                await RunScenarioAsync();
            }
            finally
            {
                await platform.Clock.ResetAsync();
            }
        }, output);

    private async Task RunScenarioAsync()
    {
        var gateway = platform.Gateway;
        var ec = Platform.Ec;
        var iupd = "FINE-" + Guid.NewGuid().ToString("N")[..12];
        await platform.Clock.SetRomeTimeAsync(Notified, new TimeOnly(12, 0));

        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions?toPublish=true", Fine(iupd, Notified));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var position = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!;
        var nav = (string)position["paymentOption"]![0]!["nav"]!;
        var iuv = (string)position["paymentOption"]![0]!["iuv"]!;

        await StationAsksAsync(nav, Reduced, "day 0: reduced");
        await platform.Clock.AdvanceAsync(TimeSpan.FromDays(5));
        Assert.Equal(Notified.AddDays(5), platform.Clock.RomeToday);
        await StationAsksAsync(nav, Reduced, "day 5: still reduced");
        await platform.Clock.AdvanceAsync(TimeSpan.FromDays(1));
        await StationAsksAsync(nav, Ordinary, "day 6: ordinary");
        await platform.Clock.AdvanceAsync(TimeSpan.FromDays(55));
        Assert.Equal(Notified.AddDays(61), platform.Clock.RomeToday);
        // Beyond the horizon published on day 0: only the recompute for the new day brings this amount to the station.
        await StationAsksAsync(nav, HalfMaximumWithSurcharge, "day 61: half the maximum plus one semester's surcharge");

        var paid = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = ec, noticeNumber = nav, soapVersion = "V2" });
        var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        Assert.True(paid.IsSuccessStatusCode && (string?)payment["outcome"] == "OK", payment.ToJsonString());
        Assert.Equal(HalfMaximumWithSurcharge, (long)payment["amountCents"]!);
        var receiptId = (string)payment["receiptId"]!;

        // The receipt: the amount paid, split over the sanction and the costs transfers, paid on day 61.
        await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/receipts/organizations/{ec}/receipts/{receiptId}"),
            Settle, "the receipt is in the legal archive");
        var receipt = XElement.Parse(await gateway.GetStringAsync($"/payments/{ec}/receipts/{iuv}"));
        Assert.Equal(107.65m, Decimal(Named(receipt, "paymentAmount").Single().Value));
        var transfers = Named(receipt, "transfer").ToDictionary(t => Named(t, "idTransfer").Single().Value, t => Decimal(Named(t, "transferAmount").Single().Value));
        Assert.Equal(95.15m, transfers["1"]);
        Assert.Equal(12.50m, transfers["2"]);

        // The reconciliation: the PSP's flow reports the same amount for the IUV, without anomaly.
        var flow = await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = ec });
        Assert.Equal(HttpStatusCode.Created, flow.StatusCode);
        var fdr = (string)JsonNode.Parse(await flow.Content.ReadAsStringAsync())!["fdr"]!;
        await Eventually.TrueAsync(async () => (string?)JsonNode.Parse(await gateway.GetStringAsync(
            $"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!["status"] == "REPORTED", Settle, "the position is REPORTED");
        var reported = JsonNode.Parse(await gateway.GetStringAsync($"/api/reporting/organizations/{ec}/flows/{fdr}"))!;
        var rows = Objects(reported).Where(o => (string?)o["iuv"] == iuv && o["amountCents"] is not null).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(HalfMaximumWithSurcharge, rows.Sum(r => (long)r["amountCents"]!));
        Assert.All(rows, r => Assert.Null((string?)r["anomaly"]));

        // The position: paid by that receipt on day 61, the amount it paid on the notice and in the debtor's statement (the printed
        // amount stays on the notice); the station logged the receipt with that amount, in order.
        var settled = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!;
        var option = settled["paymentOption"]![0]!;
        Assert.Equal(receiptId, (string?)option["idReceipt"]);
        Assert.Equal(Notified.AddDays(61), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(
            DateTimeOffset.Parse((string)option["paymentDate"]!, CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Date));
        Assert.Equal(HalfMaximumWithSurcharge, (long)option["amountPaid"]!);
        Assert.Equal(Ordinary, (long)option["amount"]!); // the printed amount stays what the notice says
        var statement = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtors/{Debtor}/statement"))!;
        var line = statement["positions"]!.AsArray().Single(l => (string?)l!["iupd"] == iupd)!;
        Assert.Equal(HalfMaximumWithSurcharge, (long)line["amountPaid"]!);
        var log = JsonNode.Parse(await gateway.GetStringAsync($"/api/node-adapter/organizations/{ec}/receipts?iuv={iuv}"))!;
        var logged = Objects(log).Single(o => (string?)o["receiptId"] == receiptId);
        Assert.Equal(HalfMaximumWithSurcharge, (long)logged["amountCents"]!);
        Assert.Null((string?)logged["anomaly"]);
    }

    // What the station asks at paVerifyPaymentNotice, as the Node calls it (through the gateway).
    private async Task StationAsksAsync(string nav, long expectedCents, string because)
    {
        long? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = await VerifiedAmountAsync(nav)) == expectedCents, Settle, because);
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}: the station asked {last} cents, not {expectedCents}");
        }
    }

    private async Task<long?> VerifiedAmountAsync(string nav)
    {
        using var http = new HttpClient { BaseAddress = platform.AddressOf("Gateway"), Timeout = TimeSpan.FromSeconds(30) };
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
        var answer = XDocument.Parse(await (await http.PostAsync("/pagopa/paForNode", content)).Content.ReadAsStringAsync());
        var amount = answer.Descendants().FirstOrDefault(e => e.Name.LocalName == "amount")?.Value;
        return amount is null ? null : (long)(Decimal(amount) * 100);
    }

    private static IEnumerable<XElement> Named(XElement element, string localName) => element.Descendants().Where(e => e.Name.LocalName == localName);

    private static decimal Decimal(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static object Fine(string iupd, DateOnly notified) => new
    {
        iupd,
        type = "F",
        fiscalCode = Debtor,
        fullName = "Mario Rossi",
        companyName = "Comune di Demo",
        switchToExpired = false,
        paymentOption = new[]
        {
            new
            {
                amount = 5_450,
                description = "Verbale CdS art. 7",
                isPartialPayment = false,
                dueDate = notified.AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59Z",
                notificationDate = notified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                actualisationRule = "FINE-CDS",
                paymentOptionMetadata = new[] { new { key = "actualisation.X", value = "17300" } },
                transfer = new[]
                {
                    new { idTransfer = "1", amount = 4_200, remittanceInformation = "Sanzione", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" },
                    new { idTransfer = "2", amount = 1_250, remittanceInformation = "Spese di notifica", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" },
                },
            },
        },
    };
}
