using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceDefaults.Security;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Start, run and stop without RabbitMQ (ADR 0033): extra copies of the services run as their own processes on the
// platform's database, reaching the broker only through a TcpProxy the test cuts, so the shared RabbitMQ keeps
// running for everyone else.
[Collection(PlatformCollection.Name)]
public sealed class BrokerOutageTests(Platform platform, ITestOutputHelper output)
{
    private static readonly string[] Services = ["IuvIssuance", "DebtPositions", "Actualisation", "NodeAdapter", "Receipts", "Reporting"];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_service_started_with_the_broker_unreachable_is_live_and_ready_serves_its_own_data_connects_later_and_stops_cleanly() =>
        await platform.RunScenarioAsync(async () =>
        {
            var (iupd, nav) = await CreatePositionAsync("OUTAGE-START-");
            await using var proxy = TcpProxy.Start(TestServers.RabbitMq.Host, TestServers.RabbitMq.Port);
            proxy.Cut();
            var started = Services.ToDictionary(name => name, name => StartBehind(proxy, name + "-no-broker", name, calledDirectly: true));

            foreach (var process in started.Values)
            {
                await WaitForStatusAsync(process, "/health/ready", HttpStatusCode.OK);
                Assert.Equal(HttpStatusCode.OK, await StatusAsync(process, "/health/live"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(process, "/health"));
            }
            // The station answers from its own read model, the REST reads from their own tables.
            Assert.Equal("OK", await VerifyAsync(started["NodeAdapter"], nav));
            using (var reader = Client(started["DebtPositions"], TestCallers.For(Platform.Ec, CallerRole.Read)))
            {
                var position = JsonNode.Parse(await reader.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}"))!;
                Assert.Equal("VALID", (string?)position["status"]);
            }

            proxy.Restore();
            foreach (var process in started.Values) await WaitForStatusAsync(process, "/health", HttpStatusCode.OK);

            // A pod is stopped during an outage too: SIGTERM ends each process cleanly with the broker gone again.
            proxy.Cut();
            foreach (var process in started.Values)
                Assert.Equal(0, await process.TerminateAsync(TimeSpan.FromSeconds(90)));
        }, output);

    [Fact]
    public async Task Payments_through_a_station_whose_broker_is_cut_and_restored_under_load_are_all_answered_archived_once_and_paid() =>
        await platform.RunScenarioAsync(async () =>
        {
            var positions = new List<(string Iupd, string Nav)>();
            for (var i = 0; i < 24; i++) positions.Add(await CreatePositionAsync("OUTAGE-LOAD-"));
            await using var proxy = TcpProxy.Start(TestServers.RabbitMq.Host, TestServers.RabbitMq.Port);
            // A station of its own: simulator → gateway → NodeAdapter, the NodeAdapter's broker behind the proxy.
            var station = StartBehind(proxy, "NodeAdapter-cut", "NodeAdapter");
            await WaitForStatusAsync(station, "/health", HttpStatusCode.OK);
            var gateway = platform.StartAnother("Gateway-cut", "Gateway", new Dictionary<string, string>
            {
                ["ReverseProxy__Clusters__node-adapter__Destinations__primary__Address"] = station.BaseAddress.ToString().TrimEnd('/'),
            });
            await WaitForStatusAsync(gateway, "/health/ready", HttpStatusCode.OK);
            var simulator = platform.StartAnother("NodeSimulator-cut", "NodeSimulator", new Dictionary<string, string>
            {
                ["Node__StationUrl"] = new Uri(gateway.BaseAddress, "/pagopa/paForNode").ToString(),
            });
            await WaitForStatusAsync(simulator, "/health", HttpStatusCode.OK);
            using var node = new HttpClient { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

            var queue = new System.Collections.Concurrent.ConcurrentQueue<(string Iupd, string Nav)>(positions);
            var receipts = new System.Collections.Concurrent.ConcurrentBag<string>();
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            async Task PayAsync()
            {
                while (queue.TryDequeue(out var position))
                {
                    var paid = await node.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = Platform.Ec, noticeNumber = position.Nav, soapVersion = "V2" });
                    var payment = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
                    if ((string?)payment["outcome"] == "OK") receipts.Add((string)payment["receiptId"]!);
                    else failures.Add(payment.ToJsonString());
                }
            }
            var load = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(PayAsync)));
            await Eventually.TrueAsync(() => Task.FromResult(receipts.Count >= 4), Settle, "payments under way before the cut");
            proxy.Cut();
            await Eventually.TrueAsync(async () => await StatusAsync(station, "/health") == HttpStatusCode.ServiceUnavailable, Settle, "the station sees the broker gone");
            await Eventually.TrueAsync(() => Task.FromResult(receipts.Count >= 12 || load.IsCompleted), Settle, "payments answered during the cut");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(station, "/health/ready"));
            proxy.Restore();
            await load;

            Assert.Empty(failures);
            Assert.Equal(positions.Count, receipts.Count);
            var list = string.Join(',', receipts.Select(r => $"'{r}'"));
            await Eventually.TrueAsync(async () => await platform.Database.ScalarAsync<long>(
                    $"SELECT count(*) FROM receipts.receipts WHERE receipt_id IN ({list})") == positions.Count,
                TimeSpan.FromSeconds(120), "every receipt archived");
            Assert.Equal(positions.Count, await platform.Database.ScalarAsync<long>(
                $"SELECT count(DISTINCT receipt_id) FROM receipts.receipts WHERE receipt_id IN ({list})"));
            foreach (var (iupd, _) in positions)
                await Eventually.TrueAsync(async () => (await platform.Gateway.GetStringAsync(
                        $"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}")).Contains("\"PAID\"", StringComparison.Ordinal),
                    Settle, $"{iupd} is PAID");
        }, output);

    private PlatformProcess StartBehind(TcpProxy proxy, string name, string program, bool calledDirectly = false)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__RabbitMq"] = new UriBuilder(platform.RabbitMq) { Port = proxy.Port }.Uri.ToString(),
        };
        // Called directly with the test suite's tokens rather than through the platform's gateway.
        if (calledDirectly) settings[InternalTokens.SigningKeySetting.Replace(":", "__", StringComparison.Ordinal)] = TestCallers.SigningKey;
        return platform.StartAnother(name, program, settings);
    }

    private Task<(string Iupd, string Nav)> CreatePositionAsync(string prefix) => PayablePositions.CreateAsync(platform, prefix);

    private static async Task<string?> VerifyAsync(PlatformProcess station, string nav)
    {
        using var client = Client(station, TestCallers.Node());
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
        var body = await answer.Content.ReadAsStringAsync();
        return System.Xml.Linq.XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "outcome")?.Value
            ?? throw new InvalidOperationException(body);
    }

    private static HttpClient Client(PlatformProcess process, string token) =>
        new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.WithToken(token);

    private static async Task<HttpStatusCode> StatusAsync(PlatformProcess process, string path)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return (await http.GetAsync(path)).StatusCode;
    }

    private static async Task WaitForStatusAsync(PlatformProcess process, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited:\n{process.LogTail()}");
            try
            {
                var status = await StatusAsync(process, path);
                if (status == expected) return;
                last = status.ToString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{process.Name} {path} not {expected} after 120 s (last: {last}):\n{process.LogTail()}");
    }
}
