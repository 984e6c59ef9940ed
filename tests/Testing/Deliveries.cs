using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Testing;

// What the service's own bus has finished with, seen from the test side by a MassTransit receive observer (the way
// MassTransit's test harness attaches itself): every delivery, by queue and MessageId, once its whole pipeline, the
// inbox filter and the consumer's commit included, has run or given up. "Both copies of a redelivered message were
// handled" is then something to wait for, not to sleep on.
public sealed class Deliveries : IReceiveObserver
{
    private readonly Lock _lock = new();
    private readonly List<Delivery> _done = [];
    private readonly List<(Func<IReadOnlyList<Delivery>, bool> Condition, TaskCompletionSource Signal)> _waiting = [];

    public IReadOnlyList<Delivery> Done { get { lock (_lock) return [.. _done]; } }

    // Attached to a running service's bus, for a fixture that registers none at startup.
    public static Deliveries Attach(IServiceProvider services)
    {
        var deliveries = new Deliveries();
        services.GetRequiredService<IBus>().ConnectReceiveObserver(deliveries);
        return deliveries;
    }

    // Returns once count deliveries of messageId are done; fails after 30 s.
    public Task<IReadOnlyList<Delivery>> OfAsync(Guid messageId, int count = 1) =>
        WhenAsync(done => done.Count(d => d.MessageId == messageId) >= count, $"{count} deliveries of message {messageId}",
            done => done.Where(d => d.MessageId == messageId).ToList());

    private async Task<IReadOnlyList<Delivery>> WhenAsync(Func<IReadOnlyList<Delivery>, bool> condition, string what,
        Func<IReadOnlyList<Delivery>, IReadOnlyList<Delivery>> result)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(_done)) return result(_done);
            _waiting.Add((condition, signal));
        }
        try { await signal.Task.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (TimeoutException) { throw new TimeoutException($"After 30 s: not yet {what}; done: {string.Join(", ", Done)}"); }
        lock (_lock) return result(_done);
    }

    private Task Record(ReceiveContext context, Exception? fault)
    {
        lock (_lock)
        {
            _done.Add(new Delivery(context.InputAddress.Segments[^1].Trim('/'), context.GetMessageId(), fault?.Message));
            foreach (var waiter in _waiting.Where(w => w.Condition(_done)).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
        return Task.CompletedTask;
    }

    Task IReceiveObserver.PreReceive(ReceiveContext context) => Task.CompletedTask;
    Task IReceiveObserver.PostReceive(ReceiveContext context) => Record(context, null);
    Task IReceiveObserver.ReceiveFault(ReceiveContext context, Exception exception) => Record(context, exception);
    Task IReceiveObserver.PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) => Task.CompletedTask;
    Task IReceiveObserver.ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) =>
        Task.CompletedTask; // the delivery ends in ReceiveFault (moved to the error queue) or in a retry

    // Nothing sent to queue faulted or was skipped: neither its error queue nor its skipped queue exists (MassTransit
    // declares each when it first moves a message there, and a queue's existence is the broker's metadata, not its
    // statistics, which lag by seconds). A redelivered copy the inbox drops is marked consumed, so it never reaches
    // _skipped.
    public static async Task AssertNothingFaultedOrSkippedAsync(TestVirtualHost vhost, string queue)
    {
        var names = JsonDocument.Parse(await vhost.QueuesJsonAsync()).RootElement.EnumerateArray()
            .Select(q => q.GetProperty("name").GetString()).ToList();
        Assert.Contains(queue, names);
        Assert.DoesNotContain(queue + "_error", names);
        Assert.DoesNotContain(queue + "_skipped", names);
    }
}

public sealed record Delivery(string Queue, Guid? MessageId, string? Fault);
