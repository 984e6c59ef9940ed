using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NodeSimulator.Webhooks;

// Plays a municipality's system that receives the platform's webhooks: `POST /simulator/webhooks/{name}` records each
// delivery and checks its Standard Webhooks signature against the secret given with `PUT
// /simulator/webhooks/{name}/secret`; `GET /simulator/webhooks/{name}` lists what arrived. For the demo and manual
// tries; in memory only.
internal static class WebhookReceiverApi
{
    private static readonly ConcurrentDictionary<string, string> Secrets = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> Received = new(StringComparer.Ordinal);

    public sealed record SecretRequest(string? Secret);

    public sealed record ReceivedWebhook(string? Id, string? Type, string? Subject, bool SignatureVerified, DateTimeOffset ReceivedAt);

    public static IEndpointRouteBuilder MapWebhookReceiverApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/simulator/webhooks/{name}").WithTags("Simulator: a municipality's webhook receiver");
        group.MapPut("/secret", SetSecret);
        group.MapPost("", Receive);
        group.MapGet("", List);
        return app;
    }

    private static Results<NoContent, ValidationProblem> SetSecret(string name, SecretRequest request)
    {
        if (request.Secret is not { Length: > 6 } secret || !secret.StartsWith("whsec_", StringComparison.Ordinal))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["secret"] = ["a whsec_… secret is required"] });
        Secrets[name] = secret;
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Receive(string name, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = request.Headers["webhook-id"].ToString();
        var verified = Secrets.TryGetValue(name, out var secret) && Verify(secret, id, request.Headers["webhook-timestamp"].ToString(),
            request.Headers["webhook-signature"].ToString(), body);
        string? type = null, subject = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            type = json.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            subject = json.RootElement.TryGetProperty("subject", out var s) ? s.GetString() : null;
        }
        catch (JsonException)
        {
            // Recorded as it came: the listing shows a delivery without type.
        }
        Received.GetOrAdd(name, _ => new()).Enqueue(new ReceivedWebhook(id, type, subject, verified, DateTimeOffset.UtcNow));
        return TypedResults.NoContent();
    }

    private static Ok<ReceivedWebhook[]> List(string name) =>
        TypedResults.Ok(Received.TryGetValue(name, out var queue) ? queue.ToArray() : []);

    // Standard Webhooks: base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")) among the space-separated "v1,…" entries.
    private static bool Verify(string secret, string id, string timestamp, string signatures, byte[] body)
    {
        byte[] key;
        try { key = Convert.FromBase64String(secret["whsec_".Length..]); }
        catch (FormatException) { return false; }
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
