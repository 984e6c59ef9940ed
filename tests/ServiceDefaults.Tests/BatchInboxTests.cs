using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// Consumers of batches (ADR 0063): one transaction per batch, and nothing visible changes.
public sealed class BatchInboxTests : IAsyncLifetime
{
    private const string MarkerPrefix = "marker-";
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("batchinbox");
        _vhost = await TestVirtualHost.CreateAsync("batchinbox");
        await ServiceDefaults.Persistence.SqlMigrator.MigrateAsync(_database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly,
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Messages_consumed_in_batches_change_state_and_publish_events_once_each_with_copies_in_the_same_and_in_later_batches()
    {
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);
        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var created = await EveryEvent<ItemCreated>.StartAsync(bus, id => new ItemCreated(MarkerPrefix + id.ToString("N"), DateTimeOffset.UtcNow),
            e => e.Name.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(e.Name[MarkerPrefix.Length..], "N") : null);
        var deliveries = Deliveries.Attach(app.Services);
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        Task Publish(int i) => bus.PublishAsync(new RecordItem($"record{i:00}"), ids[i]);

        // A burst, with copies of the first ten in it; then, once all is processed, copies of the next ten.
        await Task.WhenAll(Enumerable.Range(0, 40).Concat(Enumerable.Range(0, 10)).Select(Publish));
        for (var i = 0; i < 40; i++) await deliveries.OfAsync(ids[i], i < 10 ? 2 : 1);
        await Task.WhenAll(Enumerable.Range(10, 10).Select(Publish));
        for (var i = 10; i < 20; i++) await deliveries.OfAsync(ids[i], 2);

        await created.SettleAsync(_database, ProbeDb.Schema); // every event ever committed has been seen
        for (var i = 0; i < 40; i++)
        {
            var prefix = $"record{i:00}-";
            Assert.Single(created.Seen, e => e.Name.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM probe.items WHERE name LIKE '{prefix}%'"));
        }
        Assert.All(deliveries.Done, d => Assert.Null(d.Fault));
        var queue = deliveries.Done.First(d => d.MessageId == ids[0]).Queue;
        Assert.Equal(40, await _database.ScalarAsync<long>($"SELECT count(*) FROM probe.inbox_messages WHERE consumer = '{queue}'"));
        // Batches of many: the rows of one batch share its clock reading.
        Assert.True(await _database.ScalarAsync<long>(
            $"SELECT max(n) FROM (SELECT count(*) AS n FROM probe.inbox_messages WHERE consumer = '{queue}' GROUP BY processed_at) b") > 1,
            "no batch held more than one message");
        await Deliveries.AssertNothingFaultedOrSkippedAsync(_vhost, queue);
    }
}
