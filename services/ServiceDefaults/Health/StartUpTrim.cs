using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
internal sealed partial class StartUpTrim(IHostApplicationLifetime lifetime, WarmUpState warmUps, IConfiguration configuration, ILogger<StartUpTrim> logger) : BackgroundService
{
    private static readonly TimeSpan WarmUpWait = TimeSpan.FromSeconds(90);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            var deadline = DateTime.UtcNow + WarmUpWait;
            while (!warmUps.Done && DateTime.UtcNow < deadline) await Task.Delay(500, stoppingToken);
            // The bus topology and the first health probes settle in the seconds after start.
            await Task.Delay(configuration.GetValue("StartUpTrim:Settle", TimeSpan.FromSeconds(10)), stoppingToken);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var after = GC.GetGCMemoryInfo();
            LogTrimmed(after.HeapSizeBytes >> 20, after.TotalCommittedBytes >> 20);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    [LoggerMessage(LogLevel.Information, "Start-up heap trimmed: {HeapMiB} MiB live, {CommittedMiB} MiB committed")]
    private partial void LogTrimmed(long heapMiB, long committedMiB);
}
