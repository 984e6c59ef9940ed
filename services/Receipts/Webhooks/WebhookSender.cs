using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Text;
using ServiceDefaults.Telemetry;

namespace Receipts.Webhooks;

// What one attempt produced. StatusCode is null when no HTTP answer came.
internal sealed record AttemptResult(int? StatusCode, int LatencyMs, string? Error, string? ResponseExcerpt)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

// Sends one delivery, once: signed as Standard Webhooks says, through the `webhooks` client (no redirects, no
// retries: the sweeper retries, later, with the same id). Never throws for what the receiver does.
internal sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider time, ServiceTelemetry telemetry)
{
    public const string ClientName = "webhooks";
    private const int ExcerptChars = 256;
    private readonly Counter<long> _attempts = AtZero(telemetry.Meter.CreateCounter<long>(
        "receipts.webhook.attempts", description: "Webhook delivery attempts by outcome (delivered, failed)"));
    private readonly Histogram<double> _latency = telemetry.Meter.CreateHistogram<double>(
        "receipts.webhook.latency", "s", "Time from sending a webhook to the receiver's answer");

    // Both outcomes exported at zero from the start (the sweeper, a hosted service, builds this at start): the webhook
    // panels and their test find a series before the first delivery.
    private static Counter<long> AtZero(Counter<long> attempts)
    {
        foreach (var outcome in new[] { "delivered", "failed" }) attempts.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        return attempts;
    }

    public async Task<AttemptResult> SendAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var webhookId = delivery.EventId.ToString();
        var signature = string.Join(' ', delivery.SecretCiphertexts(now)
            .Select(c => WebhookSecrets.Sign(secrets.Decrypt(c), webhookId, timestamp, delivery.Body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.TargetUrl)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        var started = Stopwatch.GetTimestamp();
        var result = await SendAsync(clients.CreateClient(ClientName), request, started, ct);
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", result.Succeeded ? "delivered" : "failed"));
        _latency.Record(result.LatencyMs / 1000.0);
        return result;
    }

    private static async Task<AttemptResult> SendAsync(HttpClient client, HttpRequestMessage request, long started, CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var excerpt = await ExcerptAsync(response, ct);
            return new((int)response.StatusCode, Elapsed(started), null, excerpt);
        }
        catch (HttpRequestException e)
        {
            return new(null, Elapsed(started), Describe(e), null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, Elapsed(started), "timed out", null);
        }
    }

    // Reads a few bytes, never the whole body: a receiver cannot make us store (or download) more than an excerpt.
    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ExcerptChars * 4];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read == 0) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > ExcerptChars ? text[..ExcerptChars] : text;
    }

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        TargetRefusedException refused => refused.Message,
        SocketException socket => $"connection failed: {socket.SocketErrorCode}",
        _ => e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"request failed: {e.HttpRequestError}",
    };

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

// The target resolved to an address the policy refuses (checked at connection time, against DNS rebinding).
internal sealed class TargetRefusedException(string message) : Exception(message);
