using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Monitoring.Tests;

// The shipped dashboards and rules against a real Prometheus scraping a platform that has just taken a payment
// (Grafana itself cannot be installed here): what a panel would show is what these queries answer.
[Collection(MonitoredPlatformCollection.Name)]
public sealed class DashboardTests(MonitoredPlatform monitored, ITestOutputHelper output)
{
    // Exported only once something happens that one payment does not cause; each says what.
    private static readonly Dictionary<string, string> AppearOnEvent = new(StringComparer.Ordinal)
    {
        ["reporting_anomalies_detected_total"] = "created by Reporting at the first reconciliation anomaly",
        ["payments_api_keys_seconds_to_expiry"] = "one series per API key with an expiry date; the test's keys have none",
    };

    [Fact]
    public void The_dashboards_hold_a_business_and_a_platform_view_with_queries() =>
        Assert.True(PanelQueries.All().Count(q => q.Business) >= 15 && PanelQueries.All().Count(q => !q.Business) >= 15,
            string.Join('\n', PanelQueries.All()));

    [Fact]
    public async Task Every_scrape_target_is_up_every_process_the_Web_app_included_RabbitMQ_and_PostgreSQL()
    {
        await monitored.EveryTargetJustScrapedAsync();
        var up = await monitored.Prometheus.QueryAsync("up");
        Assert.True(up.Succeeded, up.Error);
        var targets = JsonDocument.Parse(up.Json).RootElement.EnumerateArray()
            .Select(s => (Name: Label(s, "service") ?? Label(s, "job")!, Value: s.GetProperty("value")[1].GetString()))
            .ToList();
        var expected = MonitoredPlatform.LocalPorts().Select(p => p.Name).Concat(["rabbitmq", "rabbitmq-queues", "postgres", "alertmanager"]).Order().ToList();
        Assert.Equal(expected, targets.Select(t => t.Name).Order().ToList());
        Assert.All(targets, t => Assert.True(t.Value == "1", $"{t.Name} is down"));
    }

    [Fact]
    public async Task Every_panel_query_parses_and_reads_only_metrics_that_are_exported()
    {
        await monitored.EveryTargetJustScrapedAsync();
        var failures = new List<string>();
        foreach (var query in PanelQueries.All())
        {
            var result = await monitored.Prometheus.QueryAsync(query.Expression);
            if (!result.Succeeded) failures.Add($"{query}\n  does not parse: {result.Error}");
            foreach (var metric in PanelQueries.MetricNames(query.Expression).Where(m => !AppearOnEvent.ContainsKey(m)))
                if (!await ExportedAsync(metric)) failures.Add($"{query}\n  reads {metric}, which nothing exports");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n\n" + monitored.Logs());
    }

    [Fact]
    public async Task Every_business_panel_returns_data_after_one_payment()
    {
        await monitored.EveryTargetJustScrapedAsync();
        var failures = new List<string>();
        foreach (var query in PanelQueries.All().Where(q => q.Business))
        {
            if (PanelQueries.MetricNames(query.Expression).Any(AppearOnEvent.ContainsKey)) continue;
            var result = await monitored.Prometheus.QueryAsync(query.Expression);
            output.WriteLine($"{query.Panel} / {query.RefId}: {result.Json}");
            if (result.Series == 0) failures.Add($"{query}\n  returns no data");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n\n" + monitored.Logs());
    }

    [Fact]
    public async Task Every_shipped_rule_is_loaded_healthy_and_reads_only_metrics_that_are_exported()
    {
        await monitored.EveryTargetJustScrapedAsync();
        // The recording rules' series (station:*) exist once their group has run on the payment's samples.
        await monitored.EveryRuleGroupEvaluatedSinceAsync(DateTimeOffset.UtcNow);
        using var http = new HttpClient { BaseAddress = monitored.Prometheus.Address };
        using var rules = JsonDocument.Parse(await http.GetStringAsync("api/v1/rules"));
        var loaded = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        var failures = new List<string>();
        foreach (var rule in loaded)
        {
            var name = rule.GetProperty("name").GetString();
            var expression = rule.GetProperty("query").GetString()!;
            if (rule.GetProperty("health").GetString() is not ("ok" or "unknown"))
                failures.Add($"{name}: {rule.GetProperty("lastError").GetString()}");
            foreach (var metric in PanelQueries.MetricNames(expression).Where(m => !AppearOnEvent.ContainsKey(m)))
                if (!await ExportedAsync(metric)) failures.Add($"{name} reads {metric}, which nothing exports");
        }
        Assert.True(loaded.Count >= 20, $"only {loaded.Count} rules loaded");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<bool> ExportedAsync(string metric) =>
        (await monitored.Prometheus.QueryAsync($"count({{__name__=\"{metric}\"}})")).Series > 0;

    private static string? Label(JsonElement series, string name) =>
        series.GetProperty("metric").TryGetProperty(name, out var value) ? value.GetString() : null;
}
