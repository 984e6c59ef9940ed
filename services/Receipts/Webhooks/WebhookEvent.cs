using System.Text.Json;
using System.Text.Json.Serialization;

namespace Receipts.Webhooks;

// The event types an EC can subscribe to (docs/webhooks.md describes each body).
internal static class WebhookEventTypes
{
    public const string ReceiptArchived = "receipt.archived";
    public const string PositionStatusChanged = "position.status-changed";
    public const string FlowReconciled = "flow.reconciled";
    public const string ReconciliationAnomaly = "reconciliation.anomaly";
    public const string ImportFinished = "import.finished";
    public const string ReminderSent = "reminder.sent";
    public const string PositionOverdue = "position.overdue";

    public static readonly string[] All = [ReceiptArchived, PositionStatusChanged, FlowReconciled, ReconciliationAnomaly, ImportFinished, ReminderSent, PositionOverdue];
}

// One event as a CloudEvents 1.0 structured JSON document. The body is serialised once, here, and stored: every
// delivery and retry sends these exact bytes, which the signature covers.
internal sealed record WebhookEvent(Guid Id, string Type, string Body)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static WebhookEvent Create<T>(string organization, string type, string subject, T data, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var envelope = new CloudEvent<T>("1.0", id.ToString(), $"/organizations/{organization}", type, subject, now, "application/json", data);
        return new WebhookEvent(id, type, JsonSerializer.Serialize(envelope, Json));
    }

    // Queues the event on db, for every subscription of the EC that wants it, paused ones included (a pause holds
    // deliveries, it does not drop them): db's next save writes the deliveries in the same transaction as the caller's
    // state change, with one statement for all the events it queued (WebhookQueue, ADR 0088).
    public static void Raise<T>(ReceiptsDb db, string organization, string type, string subject, T data, DateTimeOffset now) =>
        db.QueueWebhook(new QueuedWebhook(organization, Create(organization, type, subject, data, now), now));
}

internal sealed record CloudEvent<T>(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    string Id,
    string Source,
    string Type,
    string Subject,
    DateTimeOffset Time,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    T Data);
