using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class OutboxAndInboxTests : IAsyncLifetime
{
    private const string MarkerPrefix = "marker-";
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("outbox");
        _vhost = await TestVirtualHost.CreateAsync("outbox");
        await SqlMigrator.MigrateAsync(_database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_state_change_and_its_event_commit_together_or_not_at_all()
    {
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);
        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var created = await EveryEvent<ItemCreated>.StartAsync(bus, id => new ItemCreated(MarkerPrefix + id.ToString("N"), DateTimeOffset.UtcNow),
            e => e.Name.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(e.Name[MarkerPrefix.Length..], "N") : null);
        var time = TimeProvider.System;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDb>();
            db.Items.Add(new Item { Name = "first" });
            db.AddToOutbox(new ItemCreated("first", time.GetUtcNow()), time);
            await db.SaveChangesAsync();
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDb>();
            db.Items.Add(new Item { Name = "first" }); // violates ux_items_name
            db.AddToOutbox(new ItemCreated("second-attempt", time.GetUtcNow()), time);
            var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(failure.IsUniqueViolation("ux_items_name"));
        }

        await created.WaitForAsync(e => e.Name == "first");
        await created.SettleAsync(_database, ProbeDb.Schema); // every event ever committed has been seen
        Assert.DoesNotContain(created.Seen, e => e.Name == "second-attempt");
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM probe.items"));
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM probe.outbox_messages"));
    }

    [Fact]
    public async Task An_event_committed_by_a_process_that_died_before_publishing_is_delivered_when_a_process_starts_again()
    {
        // The "dead process": it committed state and outbox rows, then vanished with no relay having run.
        var time = TimeProvider.System;
        await using (var db = ProbeDb.Open(_database.ConnectionString))
        {
            db.Items.Add(new Item { Name = "orphan" });
            db.AddToOutbox(new ItemCreated("orphan", time.GetUtcNow()), time);
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM probe.outbox_messages"));

        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var created = await bus.ObserveAsync<ItemCreated>();
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);

        await created.WaitForAsync(e => e.Name == "orphan");
        await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>("SELECT count(*) FROM probe.outbox_messages") == 0,
            TimeSpan.FromSeconds(10), "the relay removes what it published");
        Assert.Single(created.Messages, e => e.Name == "orphan");
    }

    [Fact]
    public async Task Each_message_of_a_burst_larger_than_the_relays_handoff_is_published_exactly_once()
    {
        // Many more concurrent saves than the handoff holds: messages are evicted between the relay's query and its
        // publish, and must then be read back, not fail the half-published batch (which the next round would publish again).
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);
        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var created = await EveryEvent<ItemCreated>.StartAsync(bus, id => new ItemCreated(MarkerPrefix + id.ToString("N"), DateTimeOffset.UtcNow),
            e => e.Name.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(e.Name[MarkerPrefix.Length..], "N") : null);
        var time = TimeProvider.System;
        const int Writers = 16, SavesEach = 25;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < SavesEach; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ProbeDb>();
                db.Items.Add(new Item { Name = $"burst-{writer}-{i}" });
                db.AddToOutbox(new ItemCreated($"burst-{writer}-{i}", time.GetUtcNow()), time);
                await db.SaveChangesAsync();
            }
        })));

        await created.SettleAsync(_database, ProbeDb.Schema);
        var burst = created.Seen.Where(e => e.Name.StartsWith("burst-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Writers * SavesEach, burst.DistinctBy(e => e.Name).Count());
        Assert.Equal(Writers * SavesEach, burst.Count); // no message published twice
    }

    [Fact]
    public async Task A_message_delivered_many_times_even_concurrently_changes_state_once()
    {
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);
        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var deliveries = Deliveries.Attach(app.Services);
        var messageId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => bus.PublishAsync(new IncrementCounter("dup"), messageId)));
        await bus.PublishAsync(new IncrementCounter("dup")); // a genuinely different message counts
        await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>("SELECT value FROM probe.counters WHERE name = 'dup'") == 2,
            TimeSpan.FromSeconds(20), "both distinct messages processed");
        await deliveries.OfAsync(messageId, 20); // every copy has been through the inbox and the consumer

        Assert.Equal(2, await _database.ScalarAsync<long>("SELECT value FROM probe.counters WHERE name = 'dup'"));
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM probe.inbox_messages WHERE message_id = '{messageId}'"));
    }
}
