using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Messaging;

/// <summary>A message waiting to be published: written in the same transaction as the state change.</summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public long Id { get; private set; }
    public Guid MessageId { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string? TraceParent { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The message object itself, while this process holds it (not mapped; see <see cref="OutboxHandoff"/>).</summary>
    internal object? Original { get; private set; }

    internal static OutboxMessage Create(object message, DateTimeOffset now) => new()
    {
        MessageId = MassTransit.NewId.NextGuid(),
        MessageType = $"{message.GetType().FullName}, {message.GetType().Assembly.GetName().Name}",
        Body = JsonSerializer.Serialize(message, message.GetType(), OutboxJson.Options),
        TraceParent = Activity.Current?.Id,
        CreatedAt = now,
        Original = message,
    };

    /// <summary>
    /// Takes this row's message from the handoff if this process still holds it. The relay claims every row of a batch
    /// before publishing any: a message evicted meanwhile (16 newer saves in between) then has its body read back in the
    /// same transaction, rather than failing a half-published batch that the next round would publish twice.
    /// </summary>
    internal bool TakeHeld(OutboxHandoff handoff)
    {
        if (handoff.TryTake(MessageId, out var held) && held!.GetType() == Type.GetType(MessageType)) Original = held;
        return Original is not null || Body.Length > 0;
    }

    internal void ReadBack(string body) => Body = body;

    /// <summary>The message to publish: the object handed off by this process when it still held it, else the body read back.</summary>
    internal object Message(out Type type)
    {
        type = Type.GetType(MessageType, throwOnError: true)!;
        if (Original is not null) return Original;
        if (Body.Length == 0) throw new InvalidOperationException($"outbox message {MessageId} has neither a held message nor a body");
        return JsonSerializer.Deserialize(Body, type, OutboxJson.Options)!;
    }
}

/// <summary>Records that a consumer processed a message, in the consumer's own transaction.</summary>
public sealed class InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
{
    public const string PrimaryKeyName = "pk_inbox_messages";
    public Guid MessageId { get; private set; } = messageId;
    public string Consumer { get; private set; } = consumer;
    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}

internal static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = MessageJson.Configure(new(JsonSerializerDefaults.Web));
}

/// <summary>A service DbContext that owns an outbox and an inbox.</summary>
public interface IOutboxDb
{
    DbSet<OutboxMessage> OutboxMessages { get; }
    DbSet<InboxMessage> InboxMessages { get; }
}

public static class OutboxModel
{
    /// <summary>Maps the outbox and inbox tables created by the migrator in the context's schema.</summary>
    /// <param name="bodyColumnType">
    /// The type the body is sent as, which must be assignable to the column: json (the default) goes into the jsonb column
    /// the migrator creates, while a jsonb parameter into a json column was parsed into jsonb only to be printed back as
    /// text (ADR 0012). A service whose migrations made the column text (DebtPositions, ADR 0018) sends text, unparsed.
    /// </param>
    public static ModelBuilder MapOutboxAndInbox(this ModelBuilder modelBuilder, string bodyColumnType = "json")
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).UseIdentityAlwaysColumn();
            e.Property(m => m.Body).HasColumnType(bodyColumnType);
            e.Ignore(m => m.Original);
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer }).HasName(InboxMessage.PrimaryKeyName);
        });
        return modelBuilder;
    }

    /// <summary>
    /// Queues <paramref name="message"/> in the outbox: it is published after, and only if, the
    /// DbContext's next SaveChanges commits.
    /// </summary>
    public static void AddToOutbox<T>(this IOutboxDb db, T message, TimeProvider time) where T : class =>
        db.AddToOutbox(PrepareForOutbox(message, time));

    /// <summary>
    /// Serialises <paramref name="message"/> for the outbox now, to be queued later by <see cref="AddToOutbox(IOutboxDb, OutboxMessage)"/>:
    /// a bulk writer serialises its large events on another thread than the one its transaction waits on.
    /// </summary>
    public static OutboxMessage PrepareForOutbox<T>(T message, TimeProvider time) where T : class => OutboxMessage.Create(message, time.GetUtcNow());

    /// <summary>Queues a message serialised by <see cref="PrepareForOutbox"/>, with the same guarantee as the other overload.</summary>
    public static void AddToOutbox(this IOutboxDb db, OutboxMessage prepared) => db.OutboxMessages.Add(prepared);
}
