namespace Receipts.Recovery;

// Configuration section `ReceiptRecovery` (environment: `ReceiptRecovery__…`).
internal sealed class ReceiptRecoveryOptions
{
    public const string Section = "ReceiptRecovery";

    // Base URL of pagoPA's biz-events service (…/bizevents/service/v1); no recovery runs without it.
    public string? BaseUrl { get; set; }
    // The APIM subscription key (Ocp-Apim-Subscription-Key), a deployment secret.
    public string? SubscriptionKey { get; set; }
    // How often the job looks for due recoveries.
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    // pagoPA's rule: at most 10 calls per 60 minutes per subscription (specs NOTES §2).
    public int MaxCallsPerWindow { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(60);
    // Backoff slot: wait = slot × (2^k − 1) after the k-th failed call (the Node's retry rule, NOTES §2).
    public TimeSpan RetrySlot { get; set; } = TimeSpan.FromHours(1);
    // Calls per recovery before it is left to an operator.
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
