using System.Collections.Concurrent;
using Contracts.DebtPositions;
using MassTransit;
using Testing;

namespace DebtPositions.Tests;

/// <summary>
/// Every DebtPositionChanged the service publishes, consumed one at a time in queue order, so that a marker published
/// after the service's outbox is empty proves every earlier event has been seen: "nothing else was published" is then
/// a fact, not the hope of a sleep. (The same device as NodeAdapter.Tests' EveryEvent.)
/// </summary>
internal sealed class EveryChange
{
    private const string MarkerPrefix = "marker-";
    private readonly ConcurrentQueue<DebtPositionChanged> _seen = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _markers = new();
    private readonly TestBus _bus;

    private EveryChange(TestBus bus) => _bus = bus;

    public IReadOnlyList<DebtPositionChanged> Seen => [.. _seen];

    public IReadOnlyList<DebtPositionChanged> Of(string iupd) => [.. _seen.Where(c => c.Position.Iupd == iupd)];

    public static async Task<EveryChange> StartAsync(TestBus bus)
    {
        var every = new EveryChange(bus);
        await bus.ConnectEndpointAsync("every-change", e =>
        {
            e.PrefetchCount = 1;
            e.ConcurrentMessageLimit = 1;
            e.Handler<DebtPositionChanged>(context =>
            {
                var iupd = context.Message.Position.Iupd;
                if (iupd.StartsWith(MarkerPrefix, StringComparison.Ordinal)) every._markers.GetOrAdd(iupd, _ => new()).TrySetResult();
                else every._seen.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
        return every;
    }

    /// <summary>
    /// Returns once every event the service has committed so far has been seen: waits until its outbox is empty
    /// (each row published and confirmed by the broker), then until a marker published after that comes through.
    /// </summary>
    public async Task SettleAsync(TestDatabase database)
    {
        await Eventually.TrueAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM debt_positions.outbox_messages") == 0,
            TimeSpan.FromSeconds(30), "outbox drained");
        var iupd = MarkerPrefix + Guid.NewGuid().ToString("N");
        var arrived = _markers.GetOrAdd(iupd, _ => new());
        await _bus.PublishAsync(new DebtPositionChanged(
            new DebtPositionSnapshot("", iupd, "", 0, "", null, new DebtorSnapshot("F", "", ""), null, false, []), "", "", DateTimeOffset.UtcNow));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
