using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Persistence;

namespace Receipts.Webhooks;

internal sealed record CreateSubscription(string? TargetUrl, string[]? EventTypes, string? Description);

internal sealed record RotateSecret(int? OverlapHours);

internal sealed record SubscriptionView(
    Guid Id, string OrganizationFiscalCode, string TargetUrl, string[] EventTypes, string? Description, string Status,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SubscriptionView From(WebhookSubscription s) => new(s.Id, s.OrganizationFiscalCode, s.TargetUrl, s.EventTypes,
        s.Description, s.Status, s.PreviousSecretExpiresAt, s.CreatedAt, s.UpdatedAt);
}

// The subscription and its signing secret: shown once, at creation and at rotation, never again.
internal sealed record SubscriptionWithSecret(SubscriptionView Subscription, string Secret);

// Webhook subscriptions of one EC: configuration, so admin only (ADR 0023).
internal static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{subscriptionId:guid}", Get);
        group.MapPost("/{subscriptionId:guid}/pause", Pause);
        group.MapPost("/{subscriptionId:guid}/resume", Resume);
        group.MapPost("/{subscriptionId:guid}/rotate-secret", Rotate);
        group.MapDelete("/{subscriptionId:guid}", Delete);
        return group;
    }

    // 201 with the secret (shown once); a repeated Idempotency-Key with the same body answers the same subscription.
    private static async Task<Results<Created<SubscriptionWithSecret>, ValidationProblem, ProblemHttpResult>> Create(
        string organizationFiscalCode, CreateSubscription body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ReceiptsDb db, TargetPolicy policy, WebhookSecrets secrets, TimeProvider time, CancellationToken ct)
    {
        if (!secrets.Configured)
            return TypedResults.Problem("Webhooks:SecretKey is not configured on this deployment.", statusCode: 503, title: "Webhooks unavailable");
        var errors = new Dictionary<string, string[]>();
        if (policy.CheckUrl(body.TargetUrl, out var target) is { } urlError) errors["targetUrl"] = [urlError];
        else if (await policy.CheckResolvedAsync(target!, ct) is { } resolvedError) errors["targetUrl"] = [resolvedError];
        var types = body.EventTypes ?? [];
        if (types.Length == 0) errors["eventTypes"] = [$"at least one of: {string.Join(", ", WebhookEventTypes.All)}"];
        else if (types.FirstOrDefault(t => !WebhookEventTypes.All.Contains(t)) is { } unknown)
            errors["eventTypes"] = [$"unknown event type '{unknown}'; known: {string.Join(", ", WebhookEventTypes.All)}"];
        if (body.Description is { Length: > 200 }) errors["description"] = ["at most 200 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var hash = WebhookIdempotencyKey.Hash(body);
        if (idempotencyKey is not null && await ReplayAsync(db, secrets, organizationFiscalCode, idempotencyKey, hash, ct) is { } replay)
            return replay;
        var now = time.GetUtcNow();
        var secret = WebhookSecrets.NewSecret();
        var subscription = WebhookSubscription.Create(organizationFiscalCode, target!, types.Distinct().ToArray(), body.Description,
            secrets.Encrypt(secret), now);
        db.WebhookSubscriptions.Add(subscription);
        if (idempotencyKey is not null) db.WebhookIdempotencyKeys.Add(WebhookIdempotencyKey.Of(subscription, idempotencyKey, hash, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (idempotencyKey is not null && e.IsUniqueViolation())
        {
            // The same key, raced: the other request's subscription is the answer.
            db.ChangeTracker.Clear();
            if (await ReplayAsync(db, secrets, organizationFiscalCode, idempotencyKey, hash, ct) is { } raced) return raced;
            throw;
        }
        return Created(subscription, secret);
    }

    private static Created<SubscriptionWithSecret> Created(WebhookSubscription subscription, string secret) =>
        TypedResults.Created($"/api/receipts/organizations/{subscription.OrganizationFiscalCode}/webhooks/{subscription.Id}",
            new SubscriptionWithSecret(SubscriptionView.From(subscription), secret));

    private static async Task<Results<Created<SubscriptionWithSecret>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        ReceiptsDb db, WebhookSecrets secrets, string organization, string key, string hash, CancellationToken ct)
    {
        var stored = await db.WebhookIdempotencyKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.OrganizationFiscalCode == organization && k.Key == key, ct);
        if (stored is null) return null;
        if (stored.RequestHash != hash)
            return TypedResults.Problem($"Idempotency-Key {key} was first used with a different request body",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == stored.SubscriptionId, ct);
        return Created(subscription, secrets.Decrypt(stored.SecretCiphertext));
    }

    private static async Task<Ok<SubscriptionView[]>> List(string organizationFiscalCode, ReceiptsDb db, CancellationToken ct)
    {
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.OrganizationFiscalCode == organizationFiscalCode).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(subscriptions.Select(SubscriptionView.From).ToArray());
    }

    private static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Get(
        string organizationFiscalCode, Guid subscriptionId, ReceiptsDb db, CancellationToken ct) =>
        await Find(db, organizationFiscalCode, subscriptionId, ct) is { } s ? TypedResults.Ok(SubscriptionView.From(s)) : NotFound(subscriptionId);

    private static Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Pause(
        string organizationFiscalCode, Guid subscriptionId, ReceiptsDb db, TimeProvider time, CancellationToken ct) =>
        Change(db, organizationFiscalCode, subscriptionId, s => s.Pause(time.GetUtcNow()), ct);

    private static Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Resume(
        string organizationFiscalCode, Guid subscriptionId, ReceiptsDb db, TimeProvider time, CancellationToken ct) =>
        Change(db, organizationFiscalCode, subscriptionId, s => s.Resume(time.GetUtcNow()), ct);

    private static async Task<Results<Ok<SubscriptionWithSecret>, ValidationProblem, ProblemHttpResult>> Rotate(
        string organizationFiscalCode, Guid subscriptionId, RotateSecret? body, ReceiptsDb db, WebhookSecrets secrets,
        IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (body?.OverlapHours is < 0 or > 168)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["overlapHours"] = ["between 0 and 168"] });
        if (await Find(db, organizationFiscalCode, subscriptionId, ct) is not { } subscription) return NotFound(subscriptionId);
        var now = time.GetUtcNow();
        var overlap = body?.OverlapHours is { } hours ? TimeSpan.FromHours(hours) : options.Value.DefaultRotationOverlap;
        var secret = WebhookSecrets.NewSecret();
        subscription.RotateSecret(secrets.Encrypt(secret), now + overlap, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SubscriptionWithSecret(SubscriptionView.From(subscription), secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string organizationFiscalCode, Guid subscriptionId, ReceiptsDb db, CancellationToken ct)
    {
        var deleted = await db.WebhookSubscriptions
            .Where(s => s.OrganizationFiscalCode == organizationFiscalCode && s.Id == subscriptionId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? NotFound(subscriptionId) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Change(
        ReceiptsDb db, string organization, Guid id, Action<WebhookSubscription> change, CancellationToken ct)
    {
        if (await Find(db, organization, id, ct) is not { } subscription) return NotFound(id);
        change(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SubscriptionView.From(subscription));
    }

    internal static Task<WebhookSubscription?> Find(ReceiptsDb db, string organization, Guid id, CancellationToken ct) =>
        db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organization && s.Id == id, ct);

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No webhook subscription {id} for this organization", statusCode: 404, title: "Subscription not found");
}
