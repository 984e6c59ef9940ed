namespace Receipts.Webhooks;

/// <summary>Configuration section `Webhooks` (environment: `Webhooks__…`).</summary>
internal sealed class WebhookOptions
{
    /// <summary>Base64 of 32 random bytes: the AES-256 key the subscriptions' secrets are encrypted with. Required to create subscriptions.</summary>
    public string? SecretKey { get; set; }
    /// <summary>Lets http:// targets through (local runs only).</summary>
    public bool AllowInsecureTargets { get; set; }
    /// <summary>Lets private, loopback and link-local targets through (local runs and tests only).</summary>
    public bool AllowPrivateTargets { get; set; }
    /// <summary>Safety poll: the sweeper is woken by commits and freed slots; this catches what no signal announced.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>First retry delay; each further one doubles, up to <see cref="MaxRetryDelay"/>, with ±25% jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(4);
    /// <summary>A delivery still failing this long after it was created (or replayed) is dead.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(72);
    /// <summary>Deliveries of one subscription in flight at once: a slow receiver holds at most these.</summary>
    public int MaxInFlightPerSubscription { get; set; } = 4;
    /// <summary>Deliveries in flight at once in this replica.</summary>
    public int MaxInFlight { get; set; } = 64;
    /// <summary>How long the previous secret keeps signing after a rotation, unless the request says otherwise.</summary>
    public TimeSpan DefaultRotationOverlap { get; set; } = TimeSpan.FromHours(24);
}
