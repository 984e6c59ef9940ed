using System.Text.Json;
using Testing;
using Xunit;

namespace Monitoring.Tests;

// The path of an alert: the shipped rules evaluated by Prometheus, sent to the shipped Alertmanager
// (infra/alertmanager/alertmanager.yml), read back with amtool as an operator would.
[Collection(MonitoredPlatformCollection.Name)]
public sealed class AlertingTests(MonitoredPlatform monitored)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_always_firing_Watchdog_reaches_Alertmanager_and_is_routed_to_its_own_receiver()
    {
        JsonElement watchdog = default;
        await Eventually.TrueAsync(async () =>
        {
            var (code, output) = await Tools.RunAsync(Tools.Amtool,
                ["alert", "query", "alertname=Watchdog", "-o", "json", $"--alertmanager.url={monitored.Alertmanager}"], monitored.Root);
            Assert.True(code == 0, output);
            var alerts = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
            if (alerts.Count == 0) return false;
            watchdog = alerts.Single().Clone();
            return true;
        }, Deadline, "amtool lists the Watchdog alert in Alertmanager");

        Assert.Equal("none", watchdog.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("active", watchdog.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(["watchdog"], watchdog.GetProperty("receivers").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }
}
