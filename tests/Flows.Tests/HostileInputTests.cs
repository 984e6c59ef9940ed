using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Issue 13 item 6: generated hostile requests (a fixed seed, so a failure replays) sent through the real gateway to
// the real services and station. Passes only with no 5xx, no request left unanswered for 15 s, every REST 4xx a
// ProblemDetails, every station answer an HTTP 200 SOAP answer (OK, or KO with a PAA_* fault, or a SOAP fault), and
// nothing accepted that every API must refuse.
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTests(Platform platform, ITestOutputHelper output)
{
    private const int Seed = 20261206;
    private const int Concurrency = 8;
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Over_a_thousand_hostile_requests_get_no_5xx_no_hang_and_only_ProblemDetails_or_SOAP_faults() =>
        await platform.RunScenarioAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var key = platform.Key("admin-88");
        var (nav, cents) = await PrepareAsync(platform.ClientWithKey(key));
        var random = new Random(Seed);
        List<HostileRequest> requests =
        [
            .. HostileRest.Bodies(random, updates: 60), .. HostileRestEdges.Queries(), .. HostileRestEdges.Paths(),
            .. HostileRestEdges.Headers(), .. HostileRestEdges.Imports(),
            .. HostileSoap.All(random, HostileRest.Ec, nav, cents, receiptLeaves: 14),
        ];
        Assert.True(requests.Count >= 1_000, $"only {requests.Count} requests generated");

        var offences = new ConcurrentBag<(int Index, HostileRequest Request, string Why)>();
        var statuses = new ConcurrentDictionary<string, int>();
        using var http = Client();
        // The gateway's per-client bucket is 200/s: pace the REST requests under it, so that each one reaches its service.
        using var pace = new TokenBucketRateLimiter(new()
        {
            TokenLimit = 50, TokensPerPeriod = 15, ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue, AutoReplenishment = true,
        });
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(requests.Select((r, i) => (r, i)), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) =>
        {
            var (request, index) = item;
            var why = await SendAsync(http, pace, request, key, statuses);
            if (why is not null) offences.Add((index, request, why));
        });
        var elapsed = DateTime.UtcNow - started;

        output.WriteLine($"{requests.Count} requests ({requests.Count(r => r.Soap)} SOAP) in {elapsed.TotalSeconds:F1} s");
        foreach (var group in requests.GroupBy(r => r.Target).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {group.Key}: {group.Count()} ({group.Count(r => r.MustRefuse)} must be refused)");
        output.WriteLine("answers:\n  " + string.Join("\n  ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} ×{s.Value}")));
        var first = offences.OrderBy(o => o.Index).Take(20).Select(o => $"#{o.Index} {o.Request}\n    → {o.Why}");
        Assert.True(offences.IsEmpty, $"{offences.Count} of {requests.Count} hostile requests offended (first 20):\n{string.Join('\n', first)}");
    }

    private static async Task<string?> SendAsync(HttpClient http, RateLimiter pace, HostileRequest request, string key, ConcurrentDictionary<string, int> statuses)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!request.Soap) using (await pace.AcquireAsync()) { }
            using var timeout = new CancellationTokenSource(PerRequest);
            try
            {
                using var message = request.ToMessage(key);
                using var response = await http.SendAsync(message, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                // A 429 means our pacing lost to the bucket: the request never reached its service, so it is sent again.
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 4)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    continue;
                }
                statuses.AddOrUpdate(request.Soap ? $"SOAP {(int)response.StatusCode} {SoapOutcome(body)}" : $"{(int)response.StatusCode}", 1, (_, n) => n + 1);
                return HostileVerdict.Judge(request, response.StatusCode, response.Content.Headers.ContentType, body);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return $"no answer within {PerRequest.TotalSeconds} s";
            }
            catch (HttpRequestException e)
            {
                return $"no answer: {e.Message} {e.InnerException?.Message}";
            }
        }
    }

    private static string SoapOutcome(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "<faultCode>([A-Z_]+)</faultCode>|<faultcode>([^<]+)</faultcode>|<outcome>(OK)</outcome>") is { Success: true } m
            ? string.Concat(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) : "";

    // What the mutations need to exist: EC 88888888888's IUV configuration and catalogue, two draft positions, and a
    // notice the station knows.
    private async Task<(string Nav, long Cents)> PrepareAsync(HttpClient ec)
    {
        await Ok(ec.PutAsJsonAsync($"/api/iuv/organizations/{HostileRest.Ec}", HostileRest.IuvConfiguration()));
        await Ok(ec.PutAsJsonAsync($"/api/iuv/organizations/{HostileRest.Ec}/notice-template", HostileRest.NoticeTemplate()));
        await Ok(ec.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{HostileRest.Ec}/spontaneous-services/{Platform.DonationService}", new
        {
            description = "Donazione", companyName = "Comune di Prova", category = "9/0101108TS/", iban = "IT60X0542811101000000123456",
            amountRule = "from-data", maxAmountCents = 100_000,
        }));
        await Ok(ec.PostAsJsonAsync(HostileRest.V1, HostileRest.PositionV1(HostileRest.V1Existing)));
        await Ok(ec.PostAsJsonAsync(HostileRest.V3, HostileRest.PositionV3(HostileRest.V3Existing)));
        await Ok(ec.PostAsJsonAsync(HostileRest.V1 + "?toPublish=true", HostileRest.PositionV1("HOSTILE-PAY")));
        var position = JsonNode.Parse(await ec.GetStringAsync($"{HostileRest.V1}/HOSTILE-PAY"))!;
        var nav = (string)position["paymentOption"]![0]!["nav"]!;
        await Eventually.AnswersAsync(() => ec.GetAsync($"/api/node-adapter/organizations/{HostileRest.Ec}/notices/{nav}"),
            TimeSpan.FromSeconds(30), "the station knows the notice the SOAP mutations ask for");
        return (nav, (long)position["paymentOption"]![0]!["amount"]!);
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // Header values go out as given, UTF-8 (or Latin-1 for X-Latin1): a careless client's bytes, not .NET's
    // validation.
    private HttpClient Client()
    {
        var handler = new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (name, _) => name == "X-Latin1" ? Encoding.Latin1 : Encoding.UTF8,
            MaxConnectionsPerServer = Concurrency,
        };
        return new HttpClient(handler) { BaseAddress = platform.AddressOf("Gateway"), Timeout = Timeout.InfiniteTimeSpan };
    }
}
