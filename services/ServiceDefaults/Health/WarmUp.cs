using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Health;

/// <summary>
/// A start-up pass over a path that must answer within someone else's time budget (the Node's for a
/// spontaneous demand): the first call of a cold process pays for EF model building, query compilation,
/// JIT and connection pools, which on a loaded machine is longer than the whole budget. Resolved in its
/// own DI scope. It must leave nothing behind (roll back what it writes) and must be safe to fail.
/// </summary>
public interface IWarmUp
{
    Task RunAsync(CancellationToken ct);
}

public static class WarmUpExtensions
{
    /// <summary>Runs <typeparamref name="T"/> once after start-up; /health/ready stays 503 until every warm-up has run.</summary>
    public static IServiceCollection AddWarmUp<T>(this IServiceCollection services) where T : class, IWarmUp
    {
        services.AddScoped<T>();
        services.AddSingleton(new WarmUpRegistration(typeof(T)));
        return services;
    }

    internal static IServiceCollection AddWarmUps(this IServiceCollection services)
    {
        services.AddSingleton<WarmUpState>();
        services.AddHostedService<WarmUpRunner>();
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up", tags: [HostingExtensions.ReadyTag]);
        return services;
    }
}

internal sealed record WarmUpRegistration(Type Type);

internal sealed class WarmUpState(IEnumerable<WarmUpRegistration> registrations)
{
    // Without warm-ups a service is ready as soon as its database and broker are.
    private volatile bool _done = !registrations.Any();
    public bool Done => _done;
    public void Finish() => _done = true;
}

/// <summary>
/// Runs the warm-ups one after the other once the host has started and the bus has connected (or a bounded
/// wait for it has passed). A warm-up that fails or overruns is logged and skipped: a cold first call is better than a
/// service that never reports ready.
/// </summary>
internal sealed partial class WarmUpRunner(
    IEnumerable<WarmUpRegistration> registrations, IServiceScopeFactory scopes, WarmUpState state,
    IHostApplicationLifetime lifetime, HealthCheckService health, ILogger<WarmUpRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BrokerWait = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStartedAsync(stoppingToken);
            if (registrations.Any()) await WhenBrokerConnectedAsync(stoppingToken);
            foreach (var registration in registrations)
                await RunAsync(registration.Type, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        finally { state.Finish(); }
    }

    private async Task RunAsync(Type type, CancellationToken stoppingToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(Limit);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await ((IWarmUp)scope.ServiceProvider.GetRequiredService(type)).RunAsync(limit.Token);
            LogWarmedUp(type.Name, clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogWarmUpFailed(e, type.Name, clock.ElapsedMilliseconds);
        }
    }

    // The host no longer waits for the bus (ADR 0033): a warm-up over the bus (the NodeAdapter's demand) run before
    // it connects would only time out. With the broker down, the warm-ups run anyway after a bounded wait, so the
    // service still becomes ready and serves what needs no broker.
    private async Task WhenBrokerConnectedAsync(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(BrokerWait);
        try
        {
            while ((await health.CheckHealthAsync(c => c.Tags.Contains(HostingExtensions.BrokerTag), limit.Token)).Status != HealthStatus.Healthy)
                await Task.Delay(200, limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogBrokerNotConnected(BrokerWait.TotalSeconds);
        }
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "Broker not connected after {Seconds} s: warming up without it")]
    private partial void LogBrokerNotConnected(double seconds);

    [LoggerMessage(LogLevel.Information, "Warm-up {WarmUp} done in {ElapsedMs} ms")]
    private partial void LogWarmedUp(string warmUp, long elapsedMs);

    [LoggerMessage(LogLevel.Warning, "Warm-up {WarmUp} failed after {ElapsedMs} ms; the first real call will be slow")]
    private partial void LogWarmUpFailed(Exception e, string warmUp, long elapsedMs);
}

// Degraded, not Unhealthy: 503 all the same (MapDefaultEndpoints), logged as a warning rather than an error while it lasts.
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Done ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("warming up the latency-bound paths"));
}
