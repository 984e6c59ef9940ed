using System.Text.RegularExpressions;
using Xunit;

namespace Monitoring.Tests;

// The shipped Prometheus configuration and rules, checked and unit-tested by promtool; one runbook per alert.
public sealed partial class RuleFileTests
{
    private static readonly string Prometheus = Path.Combine(Tools.RepositoryRoot(), "infra/prometheus");

    [Fact]
    public async Task The_configuration_and_the_rules_pass_promtool_check()
    {
        var (code, output) = await Tools.RunAsync(Tools.Promtool, ["check", "config", "prometheus.yml"], Prometheus);
        Assert.True(code == 0, output);
        Assert.Contains("rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Alertmanager_configuration_passes_amtool_check_config_with_its_three_receivers()
    {
        var (code, output) = await Tools.RunAsync(Tools.Amtool, ["check-config", "alertmanager.yml"],
            Path.Combine(Tools.RepositoryRoot(), "infra/alertmanager"));
        Assert.True(code == 0, output);
        Assert.Contains(" - 3 receivers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_rules_pass_their_promtool_unit_tests()
    {
        var tests = Directory.GetFiles(Path.Combine(Prometheus, "tests"), "*.test.yml").Select(f => Path.GetRelativePath(Prometheus, f)).Order().ToArray();
        Assert.NotEmpty(tests);
        var (code, output) = await Tools.RunAsync(Tools.Promtool, ["test", "rules", .. tests], Prometheus);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_and_a_runbook_section_in_operations_md()
    {
        var alerts = Directory.GetFiles(Path.Combine(Prometheus, "rules"), "*.yml")
            .SelectMany(f => Alert().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();
        var tests = string.Concat(Directory.GetFiles(Path.Combine(Prometheus, "tests"), "*.test.yml").Select(File.ReadAllText));
        var headings = File.ReadAllLines(Path.Combine(Tools.RepositoryRoot(), "docs/operations.md")).Where(l => l.StartsWith("### ", StringComparison.Ordinal)).ToList();
        Assert.True(alerts.Count >= 10, string.Join(", ", alerts));
        Assert.All(alerts, alert =>
        {
            Assert.True(tests.Contains("alertname: " + alert, StringComparison.Ordinal), $"{alert} has no promtool test");
            Assert.True(headings.Any(h => Regex.IsMatch(h, $@"\b{alert}\b")), $"{alert} has no '### {alert}' runbook in docs/operations.md");
        });
    }

    [GeneratedRegex(@"^\s*- alert: (\w+)", RegexOptions.Multiline)]
    private static partial Regex Alert();
}
