using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// The Node simulator's own tools, against the real platform: a spontaneous payment demanded and paid through it
// (paDemandPaymentNotice with base64 service data, written as the Node writes it), and its load mode (rate, latency,
// outcome and fault counts) on verify and on full payments.
[Collection(PlatformCollection.Name)]
public sealed class NodeSimulatorTests(Platform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_demand_sent_as_the_Node_writes_it_gets_a_notice_that_the_simulator_then_pays()
    {
        await RunAsync(async () =>
        {
            await DefineDonationServiceAsync();
            var demand = await DemandAsync(new
            {
                organizationFiscalCode = Platform.Ec, serviceId = Platform.DonationService, subjectId = "00001",
                amountCents = 1_234, description = "per la biblioteca <comunale>", pay = true, style = "Node",
            });
            Assert.True((string?)demand["outcome"] == "OK", demand.ToJsonString());
            Assert.True((bool)demand["schemaValidation"]!, "the simulator validated both ways against paForNode.xsd");
            Assert.Matches("^301[0-9]{15}$", (string?)demand["noticeNumber"]);
            Assert.Equal(1_234, (long)demand["amountCents"]!);
            var payment = demand["payment"]!;
            Assert.Equal("OK", (string?)payment["outcome"]);
            Assert.Equal(["paVerifyPaymentNotice", "paGetPaymentV2", "paSendRTV2"], payment["steps"]!.AsArray().Select(s => (string?)s!["operation"]));

            // Above the catalogue's maximum: DebtPositions refuses, the station relays its fault.
            var refused = await DemandAsync(new
            {
                organizationFiscalCode = Platform.Ec, serviceId = Platform.DonationService, amountCents = 500_000, style = "Padded",
            });
            Assert.Equal("KO", (string?)refused["outcome"]);
            Assert.Equal("PAA_SEMANTICA", (string?)refused["step"]!["faultCode"]);
        });
    }

    [Fact]
    public async Task A_load_run_reports_rate_latency_outcomes_and_faults_and_its_payments_are_real()
    {
        await RunAsync(async () =>
        {
            await DefineDonationServiceAsync();
            var navs = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var demand = await DemandAsync(new { organizationFiscalCode = Platform.Ec, serviceId = Platform.DonationService, amountCents = 700 + i });
                Assert.True((string?)demand["outcome"] == "OK", demand.ToJsonString());
                navs.Add((string)demand["noticeNumber"]!);
            }
            const string unknown = "301999999999999999";

            var verify = await PostAsync("/simulator/load", new
            {
                operation = "verify", organizationFiscalCode = Platform.Ec, notices = navs.Append(unknown), concurrency = 3,
                durationSeconds = 2, style = "Padded",
            });
            output.WriteLine(verify.ToJsonString());
            var ok = (long)verify["outcomes"]!["OK"]!;
            var ko = (long)verify["outcomes"]!["KO"]!;
            Assert.Equal((long)verify["requests"]!, ok + ko);
            Assert.True(ok >= 2 && ko >= 1, verify.ToJsonString());
            Assert.Equal(ko, (long)verify["faults"]!["PAA_PAGAMENTO_SCONOSCIUTO"]!);
            Assert.Empty(verify["errors"]!.AsObject());
            Assert.True((double)verify["requestsPerSecond"]! > 0);
            var latency = verify["latencyMs"]!;
            Assert.True((double)latency["p50"]! > 0 && (double)latency["p50"]! <= (double)latency["p99"]! && (double)latency["p99"]! <= (double)latency["max"]!);
            Assert.True((bool)verify["schemaValidation"]!);

            // Each notice is paid once, then the run stops by itself.
            var payments = await PostAsync("/simulator/load", new
            {
                operation = "payment", organizationFiscalCode = Platform.Ec, notices = navs, concurrency = 2, durationSeconds = 30, style = "Node",
            });
            output.WriteLine(payments.ToJsonString());
            Assert.Equal(2, (long)payments["requests"]!);
            Assert.Equal(2, (long)payments["outcomes"]!["OK"]!);
            Assert.True((bool)payments["noticesExhausted"]!);

            var again = await PostAsync("/simulator/load", new
            {
                operation = "getPaymentV2", organizationFiscalCode = Platform.Ec, notices = navs, concurrency = 1, maxRequests = 4, durationSeconds = 10,
            });
            Assert.Equal(4, (long)again["requests"]!);
            Assert.Equal(4, (long)again["faults"]!["PAA_PAGAMENTO_DUPLICATO"]!);

            var invalid = await platform.Simulator.PostAsJsonAsync("/simulator/load", new { operation = "paSendRT", organizationFiscalCode = "1", concurrency = 0 });
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var problem = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["errors"]!.AsObject();
            Assert.Equal(["concurrency", "navFrom", "operation", "organizationFiscalCode"], problem.Select(p => p.Key).Order());
        });
    }

    private async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            output.WriteLine(platform.Logs());
            throw;
        }
    }

    private async Task DefineDonationServiceAsync()
    {
        var gateway = platform.Gateway;
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{Platform.Ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var catalogue = await gateway.PutAsJsonAsync(
            $"/api/debt-positions/v1/organizations/{Platform.Ec}/spontaneous-services/{Platform.DonationService}", new
            {
                description = "Donazione", companyName = "Comune di Demo", category = "9/0101108TS/",
                iban = "IT60X0542811101000000123456", amountRule = "from-data", maxAmountCents = 100_000,
            });
        Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());
    }

    // One demand, not retried: DebtPositions and the station warm the request path up before they report ready (ADR
    // 0015), so a first demand on a just-started platform is answered within the budget.
    private Task<JsonNode> DemandAsync(object body) => PostAsync("/simulator/demands", body);

    private async Task<JsonNode> PostAsync(string path, object body)
    {
        var response = await platform.Simulator.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
