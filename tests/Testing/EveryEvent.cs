using System.Collections.Concurrent;
using MassTransit;

namespace Testing;

// Every T the service publishes, consumed one at a time in queue order, so that a marker published after the
// service's outbox is empty proves every earlier event has been seen: "nothing else was published" is then a fact,
// not the hope of a sleep.
public sealed class EveryEvent<T> where T : class
{
    private readonly ConcurrentQueue<(T Message, Guid? MessageId)> _seen = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _markers = new();
    private readonly TestBus _bus;
    private readonly Func<Guid, T> _marker;
    private readonly Func<T, Guid?> _markerId;

    private EveryEvent(TestBus bus, Func<Guid, T> marker, Func<T, Guid?> markerId) => (_bus, _marker, _markerId) = (bus, marker, markerId);

    public IReadOnlyList<T> Seen => [.. _seen.Select(s => s.Message)];

    // Each message seen once, however often it was delivered (the outbox publishes at least once).
    public IReadOnlyList<T> Distinct => [.. _seen.DistinctBy(s => s.MessageId).Select(s => s.Message)];

    // Waits until a message matching match has been seen; fails after timeout (default 20 s).
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        T? found = null;
        await Eventually.TrueAsync(() => Task.FromResult((found = Seen.FirstOrDefault(match)) is not null), timeout ?? TimeSpan.FromSeconds(20),
            $"no {typeof(T).Name} matching the condition arrived");
        return found!;
    }

    public static async Task<EveryEvent<T>> StartAsync(TestBus bus, Func<Guid, T> marker, Func<T, Guid?> markerId)
    {
        var every = new EveryEvent<T>(bus, marker, markerId);
        await bus.ConnectEndpointAsync($"every-{typeof(T).Name}", e =>
        {
            e.PrefetchCount = 1;
            e.ConcurrentMessageLimit = 1;
            e.Handler<T>(context =>
            {
                if (every._markerId(context.Message) is { } id) every._markers.GetOrAdd(id, _ => new()).TrySetResult();
                else every._seen.Enqueue((context.Message, context.MessageId));
                return Task.CompletedTask;
            });
        });
        return every;
    }

    // Returns once every event the service has committed so far has been seen: waits until its outbox is empty (each
    // row published and confirmed by the broker), then until a marker published after that comes through.
    public async Task SettleAsync(TestDatabase database, string schema)
    {
        await Eventually.TrueAsync(async () => await database.ScalarAsync<long>($"SELECT count(*) FROM {schema}.outbox_messages") == 0,
            TimeSpan.FromSeconds(30), "outbox drained");
        var id = Guid.NewGuid();
        var arrived = _markers.GetOrAdd(id, _ => new());
        await _bus.PublishAsync(_marker(id));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
