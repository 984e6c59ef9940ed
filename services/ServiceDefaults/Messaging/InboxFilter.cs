using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Persistence;

namespace ServiceDefaults.Messaging;

/// <summary>
/// Idempotent consumers: records (MessageId, consumer queue) in the service's inbox inside the same
/// transaction as whatever the consumer saves. A message already recorded is acknowledged without
/// running the consumer; two copies racing in parallel collide on the inbox primary key, and the
/// loser's whole transaction (state and outbox rows included) rolls back.
/// </summary>
public sealed class InboxFilter<T>(DbContext db, TimeProvider time, ILogger<InboxFilter<T>> logger)
    : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId");
        var consumer = context.ReceiveContext.InputAddress.Segments[^1].Trim('/');
        var inbox = db.Set<InboxMessage>();
        if (await inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
        {
            logger.LogInformation("Duplicate {MessageType} {MessageId} on {Consumer} ignored", typeof(T).Name, messageId, consumer);
            // Handled, by an earlier delivery: without this MassTransit sees no consumer and moves the copy to
            // the endpoint's _skipped queue, where redeliveries would pile up for ever.
            await context.NotifyConsumed(context, TimeSpan.Zero, "inbox");
            return;
        }

        inbox.Add(new InboxMessage(messageId, consumer, time.GetUtcNow()));
        try
        {
            await next.Send(context);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(InboxMessage.PrimaryKeyName))
        {
            db.ChangeTracker.Clear();
            logger.LogInformation("Concurrent duplicate {MessageType} {MessageId} on {Consumer} ignored", typeof(T).Name, messageId, consumer);
            // The consumer's own save may be what lost the race: MassTransit then counts the copy as faulted, not consumed.
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
