using System.Security.Cryptography;
using System.Text;

namespace Receipts.Tests;

// A receiver's verification, written from the Standard Webhooks specification and not from the service's code: the
// secret is `whsec_` + base64 key; each `v1,` entry of webhook-signature is base64 HMAC-SHA256 of
// "{id}.{timestamp}.{body}".
internal static class StandardWebhooks
{
    public static bool Verifies(string secret, ReceivedWebhook webhook)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}"));
        return Signatures(webhook).Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s), expected));
    }

    public static string[] Signatures(ReceivedWebhook webhook) =>
        (webhook.Signature ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal)).Select(s => s[3..]).ToArray();
}
