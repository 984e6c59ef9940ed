namespace Receipts.Recovery;

/// <summary>Configuration section `ReceiptRecovery` (environment: `ReceiptRecovery__…`).</summary>
internal sealed class ReceiptRecoveryOptions
{
    public const string Section = "ReceiptRecovery";

    /// <summary>Base URL of pagoPA's biz-events service (…/bizevents/service/v1); no recovery runs without it.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>The APIM subscription key (Ocp-Apim-Subscription-Key), a deployment secret.</summary>
    public string? SubscriptionKey { get; set; }
    /// <summary>How often the job looks for due recoveries.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>pagoPA's rule: at most 10 calls per 60 minutes per subscription (specs NOTES §2).</summary>
    public int MaxCallsPerWindow { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(60);
    /// <summary>Backoff slot: wait = slot × (2^k − 1) after the k-th failed call (the Node's retry rule, NOTES §2).</summary>
    public TimeSpan RetrySlot { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Calls per recovery before it is left to an operator.</summary>
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
