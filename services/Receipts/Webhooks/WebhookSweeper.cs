using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Receipts.Webhooks;

// A delivery leased to this replica, with what sending it needs.
internal sealed record ClaimedDelivery(
    Guid Id, Guid SubscriptionId, Guid EventId, string Body, DateTimeOffset RetryFrom, string TargetUrl,
    string SecretCiphertext, string? PreviousSecretCiphertext, DateTimeOffset? PreviousSecretExpiresAt)
{
    public IEnumerable<string> SecretCiphertexts(DateTimeOffset now) =>
        PreviousSecretCiphertext is { } previous && PreviousSecretExpiresAt > now ? [SecretCiphertext, previous] : [SecretCiphertext];
}

// Sends due deliveries, in every replica: rows are leased (a short claim transaction with the subscriptions locked
// `FOR NO KEY UPDATE SKIP LOCKED`), then sent concurrently, outside any transaction. A subscription never has more than
// MaxInFlightPerSubscription deliveries in flight and each delivery has its own next attempt, so a slow or failing
// receiver holds its own slots and nobody else's. A replica that dies leaves its leases to expire (ADR 0024).
internal sealed class WebhookSweeper(
    NpgsqlDataSource dataSource, WebhookSender sender, WebhookSignal signal, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookSweeper> logger)
    : BackgroundService
{
    private readonly WebhookOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxInFlight);
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A failed round (database unreachable) is retried at the next tick; leases expire by themselves.
                logger.LogError(e, "Webhook sweep failed");
            }
            // Woken by a commit in this replica or a freed slot; the poll is the safety net (other replicas' commits,
            // retries falling due, expired leases).
            try { await signal.WaitAsync(_options.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(_inFlight.Values);
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var free = _slots.CurrentCount;
        if (free == 0) return;
        var claimed = await ClaimAsync(free, ct);
        // A full claim may have left work behind: look again at once rather than at the next poll.
        if (claimed.Count == free) signal.Notify();
        foreach (var delivery in claimed)
        {
            await _slots.WaitAsync(ct);
            _inFlight[delivery.Id] = Task.Run(() => DeliverAsync(delivery, ct), CancellationToken.None);
        }
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        try
        {
            var result = await sender.SendAsync(delivery, ct);
            await RecordAsync(delivery, result, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease expires and a replica sends it again, with the same id.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Webhook delivery {DeliveryId} could not be sent or recorded", delivery.Id);
        }
        finally
        {
            _inFlight.TryRemove(delivery.Id, out _);
            _slots.Release();
            signal.Notify();
        }
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(int limit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(ClaimSql, connection, tx);
        command.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = now + _options.RequestTimeout + TimeSpan.FromSeconds(30), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = _options.MaxInFlightPerSubscription });
        command.Parameters.Add(new() { Value = limit });
        // Prepared once per pooled connection: planning this statement costs more than running it.
        await command.PrepareAsync(ct);
        var claimed = new List<ClaimedDelivery>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                claimed.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }
        await tx.CommitAsync(ct);
        return claimed;
    }

    // The subscriptions with due work are locked for the length of this statement's transaction, so two replicas never
    // claim for the same subscription at once and the in-flight count they see is exact. NO KEY UPDATE, not UPDATE: every
    // transaction writing a delivery holds a key-share lock on its subscription (the foreign key) until it commits, and
    // FOR UPDATE SKIP LOCKED would skip the subscription for as long as receipts are being archived for it. Its cost must not grow with a
    // subscription's queue (ADR 0098): the due index is read only at its head (LIMIT 1, then at most the free slots), and
    // the deliveries in flight are the few the subscription remembers leasing (`leased_deliveries`), looked up by key.
    // Only a claim leases, and it adds what it leased to that list; what is no longer leased drops out of it.
    internal const string ClaimSql = """
        WITH subscriptions AS (
            SELECT s.id, s.target_url, s.secret_ciphertext, s.previous_secret_ciphertext, s.previous_secret_expires_at, s.leased_deliveries
            FROM receipts.webhook_subscriptions s
            CROSS JOIN LATERAL (
                SELECT 1 FROM receipts.webhook_deliveries d
                WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.next_attempt_at <= $1
                  AND (d.leased_until IS NULL OR d.leased_until < $1)
                ORDER BY d.next_attempt_at
                LIMIT 1) due
            WHERE s.status = 'active'
            ORDER BY random()
            LIMIT $4
            FOR NO KEY UPDATE OF s SKIP LOCKED),
        held AS (
            SELECT s.*, h.ids
            FROM subscriptions s
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(d.id), '{}') AS ids FROM receipts.webhook_deliveries d
                WHERE d.id = ANY (s.leased_deliveries) AND d.leased_until >= $1) h),
        picked AS (
            SELECT p.id, h.id AS subscription_id
            FROM held h
            CROSS JOIN LATERAL (
                SELECT d.id FROM receipts.webhook_deliveries d
                WHERE d.subscription_id = h.id AND d.status = 'pending' AND d.next_attempt_at <= $1
                  AND (d.leased_until IS NULL OR d.leased_until < $1)
                ORDER BY d.next_attempt_at
                LIMIT greatest(0, $3 - cardinality(h.ids))) p
            LIMIT $4),
        leased AS (
            UPDATE receipts.webhook_deliveries d SET leased_until = $2
            FROM picked
            WHERE d.id = picked.id
            RETURNING d.id, d.subscription_id, d.event_id, d.body, d.retry_from),
        remembered AS (
            UPDATE receipts.webhook_subscriptions s
            SET leased_deliveries = h.ids || coalesce((SELECT array_agg(l.id) FROM leased l WHERE l.subscription_id = s.id), '{}')
            FROM held h
            WHERE s.id = h.id
              AND (cardinality(h.ids) <> cardinality(s.leased_deliveries) OR EXISTS (SELECT 1 FROM leased l WHERE l.subscription_id = s.id)))
        SELECT l.id, l.subscription_id, l.event_id, l.body, l.retry_from,
               h.target_url, h.secret_ciphertext, h.previous_secret_ciphertext, h.previous_secret_expires_at
        FROM leased l JOIN held h ON h.id = l.subscription_id
        """;

    private async Task RecordAsync(ClaimedDelivery delivery, AttemptResult result, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (status, next) = result.Succeeded ? (WebhookDelivery.Delivered, (DateTimeOffset?)null) : NextAfterFailure(delivery.RetryFrom, now);
        await using var command = dataSource.CreateCommand(RecordSql);
        command.Parameters.Add(new() { Value = delivery.Id });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (object?)next ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)result.StatusCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)result.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = result.LatencyMs });
        command.Parameters.Add(new() { Value = (object?)result.ResponseExcerpt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(ct);
        if (status == WebhookDelivery.Dead)
            logger.LogWarning("Webhook delivery {DeliveryId} of subscription {SubscriptionId} is dead after its retry horizon", delivery.Id, delivery.SubscriptionId);
    }

    // The outcome and its attempt in one statement (ADR 0088). The attempt is logged even when the delivery was
    // replayed or finished meanwhile (its status is no longer pending): it happened; only a deleted delivery logs nothing.
    private const string RecordSql = """
        WITH recorded AS (
            UPDATE receipts.webhook_deliveries
            SET attempts = attempts + 1, status = $2, next_attempt_at = $3, leased_until = NULL, last_attempt_at = $4,
                last_status_code = $5, last_error = $6, delivered_at = CASE WHEN $2 = 'delivered' THEN $4 ELSE delivered_at END
            WHERE id = $1 AND status = 'pending')
        INSERT INTO receipts.webhook_attempts (delivery_id, attempted_at, latency_ms, status_code, error, response_excerpt)
        SELECT $1, $4, $7, $5, $6, $8 WHERE EXISTS (SELECT 1 FROM receipts.webhook_deliveries WHERE id = $1)
        """;

    // Each wait is as long as the time already spent retrying (so the waits double), at least FirstRetryDelay, at
    // most MaxRetryDelay, ±25% jitter so that receivers coming back are not hit by every sender at once; the last
    // attempt falls on the horizon, and a failure there is final.
    internal (string Status, DateTimeOffset? Next) NextAfterFailure(DateTimeOffset retryFrom, DateTimeOffset now)
    {
        var horizon = retryFrom + _options.GiveUpAfter;
        if (now >= horizon) return (WebhookDelivery.Dead, null);
        var elapsed = now - retryFrom;
        var wait = TimeSpan.FromTicks(Math.Clamp(elapsed.Ticks, _options.FirstRetryDelay.Ticks, _options.MaxRetryDelay.Ticks));
        wait *= 0.75 + Random.Shared.NextDouble() * 0.5;
        var next = now + wait;
        return (WebhookDelivery.Pending, next < horizon ? next : horizon);
    }
}
