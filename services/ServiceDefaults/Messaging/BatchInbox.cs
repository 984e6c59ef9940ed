using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Messaging;

/// <summary>How a consumer of <see cref="Batch{T}"/> collects its messages (ADR 0063).</summary>
public sealed class BatchConsumerOptions
{
    /// <summary>Most messages in one batch, and so in one transaction.</summary>
    public int MessageLimit { get; set; } = 50;
    /// <summary>How long a batch waits for more messages after its first: what a lone message waits at most.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);
    /// <summary>
    /// Batches consumed at the same time by one process. One by default: batches of the same consumer then never wait on
    /// each other's row locks, while the next batch is collected meanwhile.
    /// </summary>
    public int ConcurrencyLimit { get; set; } = 1;
}

/// <summary>A consumer registered by <see cref="BatchInbox.AddBatchConsumer{TConsumer}"/>: its endpoint has no per-message inbox filter.</summary>
internal sealed record BatchConsumerEndpoint(Func<IEndpointNameFormatter, string> Name, BatchConsumerOptions Options);

/// <summary>
/// The inbox of batch consumers (ADR 0063): one lookup for the whole batch, one inbox row per new message saved with
/// whatever the consumer saves, in one transaction. The per-message <see cref="InboxFilter{T}"/> is left off their
/// endpoints: it would record each message in a transaction of its own.
/// </summary>
public static class BatchInbox
{
    /// <summary>
    /// Registers <typeparamref name="TConsumer"/>, a consumer of <see cref="Batch{T}"/> whose Consume goes through
    /// <see cref="ConsumeBatchAsync{TDb, T}"/>. A message retried after a failed batch is consumed in a batch of its own.
    /// </summary>
    public static void AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus, Action<BatchConsumerOptions>? configure = null)
        where TConsumer : class, IConsumer
    {
        var options = new BatchConsumerOptions();
        configure?.Invoke(options);
        bus.AddSingleton(new BatchConsumerEndpoint(f => f.Consumer<TConsumer>(), options));
        bus.AddConsumer<TConsumer>(c => c.Options<BatchOptions>(o => o
            .SetMessageLimit(options.MessageLimit)
            .SetTimeLimit(options.TimeLimit)
            .SetConcurrencyLimit(options.ConcurrencyLimit)));
    }

    /// <summary>
    /// Runs <paramref name="consume"/> on the messages of <paramref name="batch"/> that this consumer has not processed
    /// yet (each once, however many copies the batch holds), their inbox rows added to <paramref name="db"/>:
    /// <paramref name="consume"/> saves them with its own changes, in one transaction (or they are saved after it). A
    /// copy racing in another batch collides on the inbox's primary key: the batch rolls back and its messages are
    /// retried one by one, when the lookup finds the copy's row.
    /// </summary>
    public static async Task ConsumeBatchAsync<TDb, T>(this TDb db, ConsumeContext<Batch<T>> batch, TimeProvider time,
        Func<IReadOnlyList<T>, Task> consume) where TDb : DbContext, IOutboxDb where T : class
    {
        var ct = batch.CancellationToken;
        var consumer = batch.ReceiveContext.InputAddress.Segments[^1].Trim('/');
        var messages = batch.Message
            .Select(m => (Id: m.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId"), m.Message))
            .DistinctBy(m => m.Id)
            .ToList();
        var ids = messages.Select(m => m.Id).ToList();
        try
        {
            var done = await db.InboxMessages.Where(m => m.Consumer == consumer && ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(ct);
            var fresh = messages.Where(m => !done.Contains(m.Id)).ToList();
            if (fresh.Count == 0) return;
            var now = time.GetUtcNow();
            foreach (var (id, _) in fresh) db.InboxMessages.Add(new InboxMessage(id, consumer, now));
            await consume([.. fresh.Select(m => m.Message)]);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        }
        catch
        {
            // A retry may run in this same scope: start it from a clean change tracker.
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
