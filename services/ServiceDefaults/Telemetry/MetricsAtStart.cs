using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// A class holding counters, built when the host starts rather than at its first use (a periodic job's first round
/// can be hours away): the series it exports at zero are on /metrics from the start, so a dashboard or an alert that
/// reads them finds a zero, not nothing.
/// </summary>
public static class MetricsAtStart
{
    public static IServiceCollection AddMetricsResolvedAtStart<T>(this IServiceCollection services) where T : class
    {
        services.AddSingleton<T>();
        services.AddHostedService<Resolver<T>>();
        return services;
    }

    private sealed class Resolver<T> : IHostedService where T : class
    {
        // Taking it is the whole point: the host builds its hosted services, and so this singleton, at start.
        public Resolver(T metrics) => ArgumentNullException.ThrowIfNull(metrics);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
