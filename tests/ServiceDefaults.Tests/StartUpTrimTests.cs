using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Health;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// The start-up trim runs once the warm-ups are over, never while one is still running.
public sealed class StartUpTrimTests
{
    [Fact]
    public async Task The_heap_is_trimmed_only_after_the_last_warm_up_has_finished()
    {
        await using var database = await TestDatabase.CreateAsync("heaptrim");
        await using var vhost = await TestVirtualHost.CreateAsync("heaptrim");
        await Persistence.SqlMigrator.MigrateAsync(database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
        var gate = new WarmUpTests.Gate();
        var log = new TrimLog();
        await using var app = await ProbeService.StartAsync(database.ConnectionString, vhost.AmqpUri, services => services
            .AddSingleton(gate)
            .AddSingleton<ILoggerProvider>(log)
            .AddWarmUp<HeldWarmUp>()
            .AddStartUpTrim());

        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(log.Trims);

        gate.Release.SetResult();
        await log.Trimmed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Single(log.Trims);
    }

    private sealed class HeldWarmUp(WarmUpTests.Gate gate) : IWarmUp
    {
        public async Task RunAsync(CancellationToken ct)
        {
            gate.Entered.SetResult();
            await gate.Release.Task.WaitAsync(ct);
        }
    }

    private sealed class TrimLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Trims { get; } = new();
        public TaskCompletionSource Trimmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ILogger CreateLogger(string categoryName) => categoryName.EndsWith(".StartUpTrim", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (!message.StartsWith("Start-up heap trimmed", StringComparison.Ordinal)) return;
            Trims.Enqueue(message);
            Trimmed.TrySetResult();
        }
        public void Dispose() { }
    }
}
