using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Receipts.Webhooks;

internal sealed record DeliveryView(
    Guid Id, Guid SubscriptionId, string WebhookId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt)
{
    public static DeliveryView From(WebhookDelivery d) => new(d.Id, d.SubscriptionId, d.EventId.ToString(), d.EventType, d.Status,
        d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt);
}

internal sealed record AttemptView(DateTimeOffset AttemptedAt, int LatencyMs, int? StatusCode, string? Error, string? ResponseExcerpt);

internal sealed record DeliveryDetail(DeliveryView Delivery, string Body, AttemptView[] AttemptLog);

// Which deliveries to send again: created in [From, To), with the given status (dead, delivered) or any finished one.
internal sealed record ReplayRequest(DateTimeOffset? From, DateTimeOffset? To, string? Status);

internal sealed record ReplayResult(int Replayed);

// The delivery log of a subscription, and replays. A replay sends the same event again with the same webhook-id.
internal static class DeliveriesApi
{
    public static RouteGroupBuilder MapDeliveries(this RouteGroupBuilder group)
    {
        group.MapGet("/{subscriptionId:guid}/deliveries", List);
        group.MapGet("/{subscriptionId:guid}/deliveries/{deliveryId:guid}", Get);
        group.MapPost("/{subscriptionId:guid}/deliveries/{deliveryId:guid}/replay", ReplayOne);
        group.MapPost("/{subscriptionId:guid}/replay", ReplayMany);
        return group;
    }

    // Newest first; `before` (a delivery's createdAt) pages further back.
    private static async Task<Results<Ok<DeliveryView[]>, ProblemHttpResult>> List(
        string organizationFiscalCode, Guid subscriptionId, string? status, DateTimeOffset? before, ReceiptsDb db, CancellationToken ct, int limit = 50)
    {
        if (!await Owned(db, organizationFiscalCode, subscriptionId, ct)) return SubscriptionsApi.NotFound(subscriptionId);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (!string.IsNullOrEmpty(status)) query = query.Where(d => d.Status == status);
        if (before is { } b) query = query.Where(d => d.CreatedAt < b);
        var deliveries = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(DeliveryView.From).ToArray());
    }

    private static async Task<Results<Ok<DeliveryDetail>, ProblemHttpResult>> Get(
        string organizationFiscalCode, Guid subscriptionId, Guid deliveryId, ReceiptsDb db, CancellationToken ct)
    {
        if (!await Owned(db, organizationFiscalCode, subscriptionId, ct)) return SubscriptionsApi.NotFound(subscriptionId);
        var delivery = await db.WebhookDeliveries.AsNoTracking().Include(d => d.AttemptLog)
            .SingleOrDefaultAsync(d => d.SubscriptionId == subscriptionId && d.Id == deliveryId, ct);
        if (delivery is null) return DeliveryNotFound(deliveryId);
        var attempts = delivery.AttemptLog.OrderBy(a => a.Id)
            .Select(a => new AttemptView(a.AttemptedAt, a.LatencyMs, a.StatusCode, a.Error, a.ResponseExcerpt)).ToArray();
        return TypedResults.Ok(new DeliveryDetail(DeliveryView.From(delivery), delivery.Body, attempts));
    }

    private static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> ReplayOne(
        string organizationFiscalCode, Guid subscriptionId, Guid deliveryId, ReceiptsDb db, TimeProvider time, CancellationToken ct)
    {
        if (!await Owned(db, organizationFiscalCode, subscriptionId, ct)) return SubscriptionsApi.NotFound(subscriptionId);
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.SubscriptionId == subscriptionId && d.Id == deliveryId, ct);
        if (delivery is null) return DeliveryNotFound(deliveryId);
        delivery.Replay(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(DeliveryView.From(delivery));
    }

    private static async Task<Results<Ok<ReplayResult>, ValidationProblem, ProblemHttpResult>> ReplayMany(
        string organizationFiscalCode, Guid subscriptionId, ReplayRequest body, ReceiptsDb db, WebhookSignal signal, TimeProvider time,
        CancellationToken ct)
    {
        if (body.From is null && body.To is null && body.Status is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["give a time range (from, to), a status (dead), or both"] });
        if (body.Status is not (null or WebhookDelivery.Dead or WebhookDelivery.Delivered))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["dead or delivered"] });
        if (!await Owned(db, organizationFiscalCode, subscriptionId, ct)) return SubscriptionsApi.NotFound(subscriptionId);
        var now = time.GetUtcNow();
        // Pending deliveries are on their way already: a replay never resets their schedule in bulk.
        var query = db.WebhookDeliveries.Where(d => d.SubscriptionId == subscriptionId && d.Status != WebhookDelivery.Pending);
        if (body.Status is { } status) query = query.Where(d => d.Status == status);
        if (body.From is { } from) query = query.Where(d => d.CreatedAt >= from);
        if (body.To is { } to) query = query.Where(d => d.CreatedAt < to);
        var replayed = await query.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, WebhookDelivery.Pending)
            .SetProperty(d => d.RetryFrom, now)
            .SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.LeasedUntil, (DateTimeOffset?)null), ct);
        if (replayed > 0) signal.Notify();
        return TypedResults.Ok(new ReplayResult(replayed));
    }

    private static Task<bool> Owned(ReceiptsDb db, string organization, Guid subscriptionId, CancellationToken ct) =>
        db.WebhookSubscriptions.AnyAsync(s => s.OrganizationFiscalCode == organization && s.Id == subscriptionId, ct);

    private static ProblemHttpResult DeliveryNotFound(Guid id) =>
        TypedResults.Problem($"No delivery {id} for this subscription", statusCode: 404, title: "Delivery not found");
}
