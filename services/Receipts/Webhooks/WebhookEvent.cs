using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;

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

    // Adds a delivery of the event for every subscription of the EC that wants it, paused ones included (a pause
    // holds deliveries, it does not drop them), to db: they commit with the caller's state change.
    public static async Task RaiseAsync<T>(ReceiptsDb db, string organization, string type, string subject, T data, DateTimeOffset now, CancellationToken ct)
    {
        var subscriptions = await db.WebhookSubscriptions
            .Where(s => s.OrganizationFiscalCode == organization && s.EventTypes.Contains(type))
            .ToListAsync(ct);
        if (subscriptions.Count == 0) return;
        var e = Create(organization, type, subject, data, now);
        foreach (var subscription in subscriptions) db.WebhookDeliveries.Add(WebhookDelivery.For(subscription, e, now));
    }
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
