namespace Receipts.Webhooks;

// Configuration section `Webhooks` (environment: `Webhooks__…`).
internal sealed class WebhookOptions
{
    // Base64 of 32 random bytes: the AES-256 key the subscriptions' secrets are encrypted with. Required to create
    // subscriptions.
    public string? SecretKey { get; set; }
    // Lets http:// targets through (local runs only).
    public bool AllowInsecureTargets { get; set; }
    // Lets private, loopback and link-local targets through (local runs and tests only).
    public bool AllowPrivateTargets { get; set; }
    // Safety poll: the sweeper is woken by commits and freed slots; this catches what no signal announced.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    // First retry delay; each further one doubles, up to MaxRetryDelay, with ±25% jitter.
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(4);
    // A delivery still failing this long after it was created (or replayed) is dead.
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(72);
    // Deliveries of one subscription in flight at once: a slow receiver holds at most these.
    public int MaxInFlightPerSubscription { get; set; } = 4;
    // Deliveries in flight at once in this replica.
    public int MaxInFlight { get; set; } = 64;
    // How long the previous secret keeps signing after a rotation, unless the request says otherwise.
    public TimeSpan DefaultRotationOverlap { get; set; } = TimeSpan.FromHours(24);
}
