using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Health;

public static class StartUpTrimExtensions
{
    /// <summary>
    /// Once start-up and the warm-ups are over, one aggressive full collection returns to the system the heap that
    /// start-up grew and no longer uses (ADR 0086). Nothing on a request or message path changes: the heap grows back
    /// under load exactly as before.
    /// </summary>
    public static IServiceCollection AddStartUpTrim(this IServiceCollection services) =>
        services.AddHostedService<StartUpTrim>();
}

// Start-up (DI, EF model building, the warm-ups' queries and JIT) allocates tens of MiB that die at once, and the GC
// keeps the memory it grew for them committed until the next collection of that size, which an idle process never
// triggers: the footprint of an idle service is then its start-up's high-water mark, not what it holds.
internal sealed class StartUpTrim(IHostApplicationLifetime lifetime, WarmUpState warmUps) : BackgroundService
{
    private static readonly TimeSpan WarmUpWait = TimeSpan.FromSeconds(90);
    // The bus topology and the first health probes settle in the seconds after start.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            var deadline = DateTime.UtcNow + WarmUpWait;
            while (!warmUps.Done && DateTime.UtcNow < deadline) await Task.Delay(500, stoppingToken);
            await Task.Delay(Settle, stoppingToken);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
