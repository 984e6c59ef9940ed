using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Receipts.Webhooks;

// An Idempotency-Key used to create a subscription: the same key with the same body answers the same subscription and
// the secret first shown (still encrypted here, like the subscription's); with another body it is refused.
internal sealed class WebhookIdempotencyKey
{
    private WebhookIdempotencyKey() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public Guid SubscriptionId { get; private set; }
    public string SecretCiphertext { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static WebhookIdempotencyKey Of(WebhookSubscription subscription, string key, string requestHash, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = subscription.OrganizationFiscalCode,
        Key = key,
        RequestHash = requestHash,
        SubscriptionId = subscription.Id,
        SecretCiphertext = subscription.SecretCiphertext,
        CreatedAt = now,
    };

    public static string Hash(CreateSubscription body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, JsonSerializerOptions.Web))));
}
