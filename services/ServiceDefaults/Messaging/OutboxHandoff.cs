namespace ServiceDefaults.Messaging;

/// <summary>
/// The last messages this process's DbContexts saved to the outbox, as objects: the relay publishes those without
/// reading their bodies back from the table and deserialising them (a bulk import's chunk events are large, and reading
/// them back was a big share of the process's CPU: docs/bench/bulk-import.md). Only an optimisation: the row stays the
/// truth (a row whose message is not here, written by another replica or before a restart, is read and deserialised as
/// before; an entry whose transaction rolled back is never asked for and ages out). Bounded, oldest out first.
/// </summary>
public sealed class OutboxHandoff
{
    private const int Capacity = 16;
    private readonly Dictionary<Guid, object> _messages = [];
    private readonly Queue<Guid> _order = new();
    private readonly Lock _gate = new();

    internal void Keep(Guid messageId, object message)
    {
        lock (_gate)
        {
            if (_order.Count == Capacity) _messages.Remove(_order.Dequeue());
            _order.Enqueue(messageId);
            _messages[messageId] = message;
        }
    }

    /// <summary>The ids whose messages are held, for the relay's query (their bodies are not fetched).</summary>
    internal Guid[] Held()
    {
        lock (_gate) return [.. _messages.Keys];
    }

    internal bool TryTake(Guid messageId, out object? message)
    {
        lock (_gate) return _messages.Remove(messageId, out message);
    }
}
