using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;
using Testing;

namespace ServiceDefaults.Tests;

// A minimal service built with ServiceDefaults exactly as the real services are.
public sealed class ProbeDb(DbContextOptions<ProbeDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "probe";
    public DbSet<Item> Items => Set<Item>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Item>().HasKey(i => i.Id);
        modelBuilder.Entity<Item>().Property(i => i.Id).UseIdentityAlwaysColumn();
        modelBuilder.Entity<Counter>().HasKey(c => c.Name);
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }

    public static ProbeDb Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ProbeDb>().UseNpgsql(connectionString).Options);
}

public sealed class Item
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
}

public sealed class Counter
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
}

// Messages of the probe (a namespace is required by MassTransit).
public sealed record ItemCreated(string Name, DateTimeOffset OccurredAt);

public sealed record IncrementCounter(string Name);

// Not idempotent by itself: every run adds one. Only the inbox keeps redeliveries out.
public sealed class IncrementCounterConsumer(ProbeDb db) : IConsumer<IncrementCounter>
{
    public async Task Consume(ConsumeContext<IncrementCounter> context)
    {
        var counter = await db.Counters.FindAsync([context.Message.Name], context.CancellationToken);
        if (counter is null) db.Counters.Add(new Counter { Name = context.Message.Name, Value = 1 });
        else counter.Value++;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed record CreateItem(string Name);

// A state change and its event, the way every payment-path consumer writes them. Not idempotent by itself: every run
// adds an item of its own name and announces it. Only the inbox keeps redeliveries out.
public sealed class CreateItemConsumer(ProbeDb db, TimeProvider time) : IConsumer<CreateItem>
{
    public async Task Consume(ConsumeContext<CreateItem> context)
    {
        var name = $"{context.Message.Name}-{Guid.NewGuid():N}";
        db.Items.Add(new Item { Name = name });
        db.AddToOutbox(new ItemCreated(name, time.GetUtcNow()), time);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed record RecordItem(string Name);

// The batch form of CreateItemConsumer: an item and its event per message, one transaction per batch. Not idempotent
// by itself either.
public sealed class RecordItemsConsumer(ProbeDb db, TimeProvider time) : IConsumer<Batch<RecordItem>>
{
    public Task Consume(ConsumeContext<Batch<RecordItem>> context) =>
        db.ConsumeBatchAsync(context, time, async records =>
        {
            foreach (var record in records)
            {
                var name = $"{record.Name}-{Guid.NewGuid():N}";
                db.Items.Add(new Item { Name = name });
                db.AddToOutbox(new ItemCreated(name, time.GetUtcNow()), time);
            }
            await db.SaveChangesAsync(context.CancellationToken);
        });
}

public static class ProbeService
{
    // Started, and by default connected to the broker (waitForBroker false: only listening).
    public static async Task<WebApplication> StartAsync(string connectionString, Uri amqp, Action<IServiceCollection>? services = null, bool waitForBroker = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "OutboxProbe" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:Payments"] = connectionString;
        builder.Configuration["ConnectionStrings:RabbitMq"] = amqp.ToString();
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.200";
        builder.Configuration["StartUpTrim:Settle"] = "00:00:00"; // StartUpTrimTests: trim as soon as the warm-ups allow
        builder.Configuration[ServiceDefaults.Security.InternalTokens.SigningKeySetting] = TestCallers.SigningKey;
        builder.AddServiceDefaults();
        builder.AddServiceDb<ProbeDb>();
        builder.AddMessaging<ProbeDb>(bus =>
        {
            bus.AddConsumer<IncrementCounterConsumer>();
            bus.AddConsumer<CreateItemConsumer>();
            // A long time limit: a burst published at once is then sure to be consumed in batches of many.
            bus.AddBatchConsumer<RecordItemsConsumer>(o => o.TimeLimit = TimeSpan.FromSeconds(1));
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        if (waitForBroker) await BrokerConnected.WaitAsync(app.Services);
        return app;
    }
}
