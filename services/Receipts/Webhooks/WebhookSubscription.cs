namespace Receipts.Webhooks;

// An EC's webhook endpoint: where its events go, which ones, and the secret that signs them (encrypted).
internal sealed class WebhookSubscription
{
    public const string Active = "active";
    public const string Paused = "paused";

    private WebhookSubscription() { }

    public Guid Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string TargetUrl { get; private set; } = "";
    public string[] EventTypes { get; private set; } = [];
    public string? Description { get; private set; }
    public string Status { get; private set; } = Active;
    public string SecretCiphertext { get; private set; } = "";
    public string? PreviousSecretCiphertext { get; private set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static WebhookSubscription Create(string organization, Uri target, string[] eventTypes, string? description,
        string secretCiphertext, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganizationFiscalCode = organization,
        TargetUrl = target.AbsoluteUri,
        EventTypes = eventTypes,
        Description = description,
        SecretCiphertext = secretCiphertext,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public bool Wants(string eventType) => EventTypes.Contains(eventType);

    public void Pause(DateTimeOffset now) => (Status, UpdatedAt) = (Paused, now);

    public void Resume(DateTimeOffset now) => (Status, UpdatedAt) = (Active, now);

    // The new secret signs from now on; the old one keeps signing alongside until overlapUntil.
    public void RotateSecret(string newCiphertext, DateTimeOffset overlapUntil, DateTimeOffset now)
    {
        PreviousSecretCiphertext = SecretCiphertext;
        PreviousSecretExpiresAt = overlapUntil;
        SecretCiphertext = newCiphertext;
        UpdatedAt = now;
    }

    // The ciphertexts of the secrets that sign at now: the current one first.
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecretCiphertext is { } previous && PreviousSecretExpiresAt > now ? [SecretCiphertext, previous] : [SecretCiphertext];
}
