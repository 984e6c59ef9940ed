using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Receipts.Webhooks;

// An event raised in a unit of work, waiting for its save.
internal sealed record QueuedWebhook(string Organization, WebhookEvent Event, DateTimeOffset At);

// Writes the deliveries of the events a save queued, in the save's transaction (ADR 0088): one INSERT … SELECT joins
// the events with the subscriptions that want them, so raising an event reads no subscription and a save writes all
// its deliveries in one statement, whatever the number of events and subscriptions.
internal static class WebhookQueue
{
    // Delivery ids are time-ordered like Guid.CreateVersion7 (receipts.uuid_v7, Migrations/0004); each event keeps its
    // own time, so deliveries of one save are tried in the order their events were raised.
    private const string InsertSql = """
        INSERT INTO receipts.webhook_deliveries (id, subscription_id, event_id, event_type, body, status, attempts, created_at, retry_from, next_attempt_at)
        SELECT receipts.uuid_v7(), s.id, e.id, e.type, e.body, 'pending', 0, e.at, e.at, e.at
        FROM unnest(@ids, @organizations, @types, @bodies, @times) WITH ORDINALITY AS e(id, organization, type, body, at, position)
        JOIN receipts.webhook_subscriptions s ON s.organization_fiscal_code = e.organization AND e.type = ANY (s.event_types)
        ORDER BY e.position, s.id
        """;

    // The number of deliveries written.
    public static Task<int> InsertDeliveriesAsync(ReceiptsDb db, IReadOnlyList<QueuedWebhook> queued, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(InsertSql,
        [
            new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = queued.Select(q => q.Event.Id).ToArray() },
            new NpgsqlParameter("organizations", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = queued.Select(q => q.Organization).ToArray() },
            new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = queued.Select(q => q.Event.Type).ToArray() },
            new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = queued.Select(q => q.Event.Body).ToArray() },
            new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = queued.Select(q => q.At).ToArray() },
        ], ct);
}

// Wakes this replica's sweeper once a transaction that wrote deliveries through WebhookQueue has committed: before the
// commit the sweeper would find nothing and wait for its next poll.
internal sealed class WebhookQueueCommitInterceptor(WebhookSignal signal) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ReceiptsDb db && db.TakeDeliveriesWritten()) signal.Notify();
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is ReceiptsDb db && db.TakeDeliveriesWritten()) signal.Notify();
    }
}
