using System.Collections.Concurrent;
using MassTransit;

namespace Testing;

// A real MassTransit bus on a test vhost, playing the other services: publishes their events into the service under
// test and observes the events it publishes.
public sealed class TestBus : IAsyncDisposable
{
    // Every wait on the broker is bounded: a stuck endpoint or publish fails its test, never hangs the suite.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly IBusControl _bus;

    private TestBus(IBusControl bus) => _bus = bus;

    public IBus Bus => _bus;

    public static async Task<TestBus> StartAsync(Uri amqpUri)
    {
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(amqpUri));
        using var limit = new CancellationTokenSource(Limit);
        await bus.StartAsync(limit.Token);
        return new TestBus(bus);
    }

    // Collects every T published from now on.
    public async Task<Observed<T>> ObserveAsync<T>() where T : class
    {
        var observed = new Observed<T>();
        await ConnectEndpointAsync($"probe-{typeof(T).Name}", e => e.Handler<T>(context =>
        {
            observed.Add(context.Message, context.MessageId);
            return Task.CompletedTask;
        }));
        return observed;
    }

    // A temporary endpoint of this test's own (a fresh auto-deleted queue named from prefix), for handlers that play
    // another service; returns once it consumes.
    public async Task ConnectEndpointAsync(string prefix, Action<IReceiveEndpointConfigurator> configure)
    {
        var handle = _bus.ConnectReceiveEndpoint($"{prefix}-{Guid.NewGuid():N}", e =>
        {
            if (e is IRabbitMqReceiveEndpointConfigurator rabbit) { rabbit.AutoDelete = true; rabbit.Durable = false; }
            configure(e);
        });
        await handle.Ready.WaitAsync(Limit);
    }

    // Publishes with a chosen MessageId (to simulate a redelivery, publish twice with the same id).
    public async Task PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        using var limit = new CancellationTokenSource(Limit);
        await _bus.Publish(message, ctx => { if (messageId is { } id) ctx.MessageId = id; }, limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(Limit);
        await _bus.StopAsync(limit.Token);
    }
}

public sealed class Observed<T> where T : class
{
    private readonly ConcurrentQueue<(T Message, Guid? MessageId)> _messages = new();

    public IReadOnlyList<T> Messages => _messages.Select(m => m.Message).ToList();
    public IReadOnlyList<Guid?> MessageIds => _messages.Select(m => m.MessageId).ToList();

    internal void Add(T message, Guid? messageId) => _messages.Enqueue((message, messageId));

    // Waits until a message matching match arrives; fails after timeout.
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        T? found = null;
        await Eventually.TrueAsync(() => Task.FromResult((found = _messages.Select(m => m.Message).FirstOrDefault(match)) is not null),
            timeout ?? TimeSpan.FromSeconds(20), $"no {typeof(T).Name} matching the condition arrived");
        return found!;
    }
}
