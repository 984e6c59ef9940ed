using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDefaults.Telemetry;

namespace ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for rows committed by other replicas or missed signals.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public int BatchSize { get; set; } = 500;
    /// <summary>
    /// How long a batch's publishes may wait for the broker's confirms. A publish in flight when RabbitMQ restarts can
    /// wait for a confirm that never comes (rabbitmq-dotnet-client #1930): past this, the batch is given up, its rows
    /// stay, and the next round publishes them again with the same MessageIds, which the consumers' inbox absorbs.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Publishes committed outbox rows to RabbitMQ, then deletes them. Rows are claimed with
/// FOR UPDATE SKIP LOCKED, so replicas share the work without publishing a row twice; a crash after
/// publishing and before the delete republishes the row with the same MessageId, which the
/// consumers' inbox turns into a no-op. Messages within a batch are published concurrently:
/// consumers rely on versions and natural keys, never on order (docs/decisions/0002-outbox-inbox.md).
/// </summary>
public sealed class OutboxRelay<TDb>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ServiceTelemetry telemetry,
    TimeProvider time,
    ILogger<OutboxRelay<TDb>> logger) : BackgroundService where TDb : DbContext, IOutboxDb
{
    private readonly Counter<long> _published = telemetry.Meter.CreateCounter<long>(
        "outbox.messages.published", description: "Messages published from the outbox");
    private readonly Histogram<double> _lag = telemetry.Meter.CreateHistogram<double>(
        "outbox.publish.lag", "s", "Time from commit to publish of outbox messages");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken) == options.Value.BatchSize) { }
                failures = 0;
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Broker or database down: the rows stay in the outbox; back off and try again.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogWarning(e, "Outbox relay failed {Failures} time(s); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var schema = db.Model.FindEntityType(typeof(OutboxMessage))!.GetSchema() ?? "public";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Schema comes from the model and batch size from configuration: no external input in this SQL. The bodies of
        // messages this process still holds as objects are not fetched (OutboxHandoff).
        var sql = "SELECT id, message_id, message_type, CASE WHEN message_id = ANY({0}) THEN '' ELSE body::text END AS body, trace_parent, created_at FROM \""
            + schema + "\".outbox_messages ORDER BY id LIMIT " + options.Value.BatchSize + " FOR UPDATE SKIP LOCKED";
        var batch = await db.OutboxMessages
            .FromSqlRaw(sql, signal.Handoff.Held())
            .AsTracking()
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;
        var evicted = batch.Where(m => !m.TakeHeld(signal.Handoff)).ToList();
        if (evicted.Count > 0) await ReadBodiesBackAsync(db, schema, evicted, ct);

        using (var publishing = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            publishing.CancelAfter(options.Value.PublishTimeout);
            // WaitAsync as well as the token: a publish stuck on a lost confirm does not always observe cancellation.
            await Task.WhenAll(batch.Select(m => PublishAsync(m, publishing.Token))).WaitAsync(options.Value.PublishTimeout, time, ct);
        }
        db.OutboxMessages.RemoveRange(batch);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var now = time.GetUtcNow();
        _published.Add(batch.Count);
        foreach (var m in batch) _lag.Record((now - m.CreatedAt).TotalSeconds);
        return batch.Count;
    }

    private static async Task ReadBodiesBackAsync(TDb db, string schema, List<OutboxMessage> rows, CancellationToken ct)
    {
        var ids = rows.Select(m => m.Id).ToArray();
        // Schema comes from the model: no external input in this SQL.
        var sql = "SELECT id AS \"Id\", body::text AS \"Body\" FROM \"" + schema + "\".outbox_messages WHERE id = ANY({0})";
        var bodies = await db.Database
            .SqlQueryRaw<StoredBody>(sql, ids)
            .ToDictionaryAsync(b => b.Id, b => b.Body, ct);
        foreach (var row in rows) row.ReadBack(bodies[row.Id]);
    }

    private sealed record StoredBody(long Id, string Body);

    private async Task PublishAsync(OutboxMessage row, CancellationToken ct)
    {
        var message = row.Message(out var type);
        // Continue the trace of the request that wrote the row.
        using var activity = row.TraceParent is null ? null
            : telemetry.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, row.TraceParent);
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(ctx => ctx.MessageId = row.MessageId), ct);
    }
}
