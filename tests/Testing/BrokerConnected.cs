using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Testing;

// A service starts without waiting for RabbitMQ (ADR 0033); a test that publishes to it at once waits here until its
// bus is connected with every queue declared and bound (the `broker` health check).
public static class BrokerConnected
{
    public static async Task WaitAsync(IServiceProvider services)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HealthReport report;
        while ((report = await health.CheckHealthAsync(c => c.Tags.Contains(ServiceDefaults.HostingExtensions.BrokerTag))).Status != HealthStatus.Healthy)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the service's bus did not start within 60 s: " + report.Status);
            await Task.Delay(100);
        }
    }
}
