namespace Receipts.Webhooks;

// One event to one subscription. Its id and body never change: every attempt and every replay sends the same
// `webhook-id` (the event id) and the same bytes, so a receiver can drop what it already has.
internal sealed class WebhookDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    private WebhookDelivery() { }

    public Guid Id { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public Guid EventId { get; private set; }
    public string EventType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string Status { get; private set; } = Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset RetryFrom { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? LeasedUntil { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public List<WebhookAttempt> AttemptLog { get; private set; } = [];

    public static WebhookDelivery For(WebhookSubscription subscription, WebhookEvent e, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriptionId = subscription.Id,
        EventId = e.Id,
        EventType = e.Type,
        Body = e.Body,
        CreatedAt = now,
        RetryFrom = now,
        NextAttemptAt = now,
    };

    // Due again at once, with a fresh retry horizon; its history and its id are kept.
    public void Replay(DateTimeOffset now)
    {
        Status = Pending;
        RetryFrom = now;
        NextAttemptAt = now;
        LeasedUntil = null;
    }
}

internal sealed class WebhookAttempt
{
    private WebhookAttempt() { }

    public long Id { get; private set; }
    public Guid DeliveryId { get; private set; }
    public DateTimeOffset AttemptedAt { get; private set; }
    public int LatencyMs { get; private set; }
    public int? StatusCode { get; private set; }
    public string? Error { get; private set; }
    public string? ResponseExcerpt { get; private set; }
}
