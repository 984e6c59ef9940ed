using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// The two halves of infra/bench/webhooks.sh that are not the platform:
//   receive  --port P --secret whsec_… [--mode ok|flaky]   a municipality's receiver that verifies every signature
//   baseline --url U --secret whsec_… --count N [--concurrency C] [--body-bytes B]
//            the raw baseline: N signed POSTs by a plain loop, to the same receiver, reporting rate, latency and CPU.
var options = Options.Parse(args.Skip(1).ToArray());
return args.FirstOrDefault() switch
{
    "receive" => await Receiver.RunAsync(options),
    "baseline" => await Baseline.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: WebhookBench receive --port P --secret S [--mode ok|flaky] | baseline --url U --secret S --count N [--concurrency C] [--body-bytes B]");
    return 2;
}

internal sealed record Options(IReadOnlyDictionary<string, string> Values)
{
    public static Options Parse(string[] args) =>
        new(Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i].TrimStart('-'), i => args[2 * i + 1]));

    public string this[string name] => Values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
    public int Int(string name, int fallback) => Values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

// Standard Webhooks signing, written from the specification (as a municipality would).
internal static class Signature
{
    public static byte[] Key(string secret) => Convert.FromBase64String(secret["whsec_".Length..]);

    public static string Sign(byte[] key, string id, string timestamp, byte[] body)
    {
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static bool Verifies(byte[] key, string id, string timestamp, string header, byte[] body)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(key, id, timestamp, body));
        return header.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}

internal static class Receiver
{
    private static long _received, _verified, _refused;

    public static async Task<int> RunAsync(Options options)
    {
        var key = Signature.Key(options["secret"]);
        var flaky = options.Values.GetValueOrDefault("mode") == "flaky";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options["port"]}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            Interlocked.Increment(ref _received);
            var ok = Signature.Verifies(key, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), buffer.ToArray());
            if (!ok) return Results.StatusCode(401);
            Interlocked.Increment(ref _verified);
            // Half the requests fail, whatever their delivery: a retry may fail again, as with a real sick receiver.
            if (flaky && Random.Shared.Next(2) == 0)
            {
                Interlocked.Increment(ref _refused);
                return Results.StatusCode(503);
            }
            return Results.NoContent();
        });
        app.MapGet("/stats", () => Results.Json(new { received = _received, verified = _verified, refused = _refused }));
        await app.RunAsync();
        return 0;
    }
}

internal static class Baseline
{
    public static async Task<int> RunAsync(Options options)
    {
        var key = Signature.Key(options["secret"]);
        var count = options.Int("count", 1000);
        var concurrency = options.Int("concurrency", 4);
        var body = Encoding.UTF8.GetBytes(new string('x', options.Int("body-bytes", 1200)));
        using var http = new HttpClient { BaseAddress = new Uri(options["url"]) };
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var id = "msg_" + Guid.NewGuid().ToString("N");
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/cloudevents+json");
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", timestamp);
                request.Headers.Add("webhook-signature", Signature.Sign(key, id, timestamp, body));
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Array.Sort(latencies);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            count, concurrency, seconds = Math.Round(seconds, 3), perSecond = Math.Round(count / seconds, 1),
            p50Ms = Math.Round(latencies[count / 2], 2), p99Ms = Math.Round(latencies[Math.Min(count - 1, count * 99 / 100)], 2),
            cpuMsPerPost = Math.Round(cpuMs / count, 3), failures,
        }));
        return failures == 0 ? 0 : 1;
    }
}
