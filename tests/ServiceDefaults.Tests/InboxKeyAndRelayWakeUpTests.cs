using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// The inbox's primary key as its only check (ADR 0062) and the relay woken only by committed outbox rows (ADR 0061):
// cheaper, and nothing visible changes.
public sealed class InboxKeyAndRelayWakeUpTests : IAsyncLifetime
{
    private const string MarkerPrefix = "marker-";
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("inboxkey");
        _vhost = await TestVirtualHost.CreateAsync("inboxkey");
        await SqlMigrator.MigrateAsync(_database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_message_redelivered_after_it_was_processed_is_acknowledged_without_changing_state_or_faulting()
    {
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);
        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var deliveries = Deliveries.Attach(app.Services);
        var messageId = Guid.NewGuid();

        await bus.PublishAsync(new IncrementCounter("again"), messageId);
        await deliveries.OfAsync(messageId);
        await bus.PublishAsync(new IncrementCounter("again"), messageId);
        await bus.PublishAsync(new IncrementCounter("again"), messageId);
        var done = await deliveries.OfAsync(messageId, 3);

        Assert.All(done, d => Assert.Null(d.Fault));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT value FROM probe.counters WHERE name = 'again'"));
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM probe.inbox_messages WHERE message_id = '{messageId}'"));
        await Deliveries.AssertNothingFaultedOrSkippedAsync(_vhost, done[0].Queue);
    }

    [Fact]
    public async Task A_redelivered_message_whose_consumer_writes_an_event_publishes_that_event_once()
    {
        await using var app = await ProbeService.StartAsync(_database.ConnectionString, _vhost.AmqpUri);
        await using var bus = await TestBus.StartAsync(_vhost.AmqpUri);
        var created = await EveryEvent<ItemCreated>.StartAsync(bus, id => new ItemCreated(MarkerPrefix + id.ToString("N"), DateTimeOffset.UtcNow),
            e => e.Name.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(e.Name[MarkerPrefix.Length..], "N") : null);
        var deliveries = Deliveries.Attach(app.Services);
        var messageId = Guid.NewGuid();

        await bus.PublishAsync(new CreateItem("once"), messageId);
        await deliveries.OfAsync(messageId);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => bus.PublishAsync(new CreateItem("once"), messageId)));
        var done = await deliveries.OfAsync(messageId, 6);

        await created.SettleAsync(_database, ProbeDb.Schema); // every event ever committed has been seen
        Assert.All(done, d => Assert.Null(d.Fault));
        Assert.Single(created.Seen, e => e.Name.StartsWith("once-", StringComparison.Ordinal));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM probe.items WHERE name LIKE 'once-%'"));
        await Deliveries.AssertNothingFaultedOrSkippedAsync(_vhost, done[0].Queue);
    }

    [Fact]
    public async Task Only_a_committed_save_with_outbox_rows_wakes_the_relay()
    {
        // The database and its signal without a relay, which would take the signal before the test could look at it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "OutboxSignalProbe" });
        builder.Configuration["ConnectionStrings:Payments"] = _database.ConnectionString;
        builder.AddServiceDb<ProbeDb>();
        await using var app = builder.Build();
        var signal = app.Services.GetRequiredService<OutboxSignal>();
        var time = TimeProvider.System;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDb>();

        db.Items.Add(new Item { Name = "no-event" });
        await db.SaveChangesAsync();
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "a save without outbox rows woke the relay");

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Items.Add(new Item { Name = "in-a-transaction" });
            db.AddToOutbox(new ItemCreated("in-a-transaction", time.GetUtcNow()), time);
            await db.SaveChangesAsync();
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "the relay was woken before the rows were committed");
            await tx.CommitAsync();
        }
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "the commit of outbox rows did not wake the relay");

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.AddToOutbox(new ItemCreated("rolled-back", time.GetUtcNow()), time);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        db.Items.Add(new Item { Name = "after-the-rollback" });
        await db.SaveChangesAsync();
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "rolled-back outbox rows woke the relay later");

        db.AddToOutbox(new ItemCreated("on-its-own", time.GetUtcNow()), time);
        await db.SaveChangesAsync();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "a save of outbox rows did not wake the relay");
    }
}
