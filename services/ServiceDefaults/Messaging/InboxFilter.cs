using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Persistence;

namespace ServiceDefaults.Messaging;

/// <summary>
/// Idempotent consumers: records (MessageId, consumer queue) in the service's inbox inside the same transaction as
/// whatever the consumer saves. The inbox's primary key is the check (ADR 0062): a copy of a message already recorded,
/// or racing with another copy, collides on it when it saves, and its whole transaction (state and outbox rows
/// included) rolls back; the copy is then acknowledged as consumed. No lookup runs before the consumer: redeliveries
/// are rare, and a lookup on every delivery cost a statement and a transaction of its own each time.
/// </summary>
public sealed class InboxFilter<T>(DbContext db, TimeProvider time, ILogger<InboxFilter<T>> logger)
    : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId");
        var consumer = context.ReceiveContext.InputAddress.Segments[^1].Trim('/');
        db.Set<InboxMessage>().Add(new InboxMessage(messageId, consumer, time.GetUtcNow()));
        try
        {
            await next.Send(context);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(InboxMessage.PrimaryKeyName))
        {
            db.ChangeTracker.Clear();
            logger.LogInformation("Duplicate {MessageType} {MessageId} on {Consumer} ignored", typeof(T).Name, messageId, consumer);
            // Handled, by an earlier or a concurrent copy. Without this MassTransit counts the copy as faulted (the
            // consumer's save threw) or, had the consumer not run, moves it to the endpoint's _skipped queue.
            await context.NotifyConsumed(context, TimeSpan.Zero, "inbox");
        }
        catch
        {
            // A retry runs in this same scope: start it from a clean change tracker.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}
