using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Flows.Tests;
using Npgsql;
using Testing;
using Xunit;

namespace Monitoring.Tests;

// The whole platform (Flows.Tests' Platform) plus the Web app, prometheus-postgres-exporter on its database, the
// shipped Alertmanager, and a real Prometheus running the shipped infra/prometheus/prometheus.yml (targets moved to
// the free ports, every interval 2 s) with the shipped rules; then one payment end to end, and a wait until
// Prometheus has scraped its traces.
public sealed partial class MonitoredPlatform : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private ToolProcess? _exporter;
    private ToolProcess? _prometheus;
    private ToolProcess? _alertmanager;
    private PlatformProcess? _web;

    public Platform Platform { get; } = new();
    internal PrometheusClient Prometheus { get; private set; } = null!;

    // The Alertmanager the fixture's Prometheus sends its alerts to, running infra/alertmanager/alertmanager.yml.
    public Uri Alertmanager { get; private set; } = null!;
    public string Root { get; } = Tools.RepositoryRoot();

    public async Task InitializeAsync()
    {
        // Before anything starts: a missing tool is a failure that says how to install it, never a skip.
        Tools.Require(Tools.Prometheus);
        Tools.Require(Tools.PostgresExporter);
        Tools.Require(Tools.Alertmanager);
        await Platform.InitializeAsync();
        _web = await StartWebAsync();
        var exporterPort = FreePort();
        var postgres = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        _exporter = ToolProcess.Start(Tools.PostgresExporter,
            [$"--web.listen-address=127.0.0.1:{exporterPort}", $"--extend.query-path={Path.Combine(Root, "infra/prometheus/postgres-exporter-queries.yaml")}"],
            new Dictionary<string, string>
            {
                ["DATA_SOURCE_NAME"] = $"postgresql://{postgres.Username}:{postgres.Password}@{postgres.Host}:{postgres.Port}/{Platform.Database.Name}?sslmode=disable",
            },
            Path.Combine(Platform.LogDirectory, "postgres-exporter.log"));

        // The shipped configuration as it is; its receivers' SMTP server is not started here (only the Watchdog fires
        // during the tests, and it goes to a receiver that sends nothing).
        var alertmanagerPort = FreePort();
        _alertmanager = ToolProcess.Start(Tools.Alertmanager,
        [
            $"--config.file={Path.Combine(Root, "infra/alertmanager/alertmanager.yml")}",
            $"--storage.path={Path.Combine(Platform.LogDirectory, "alertmanager")}",
            $"--web.listen-address=127.0.0.1:{alertmanagerPort}", "--cluster.listen-address=", "--log.level=warn",
        ], new Dictionary<string, string>(), Path.Combine(Platform.LogDirectory, "alertmanager.log"));
        Alertmanager = new Uri($"http://127.0.0.1:{alertmanagerPort}/");
        using (var probe = new HttpClient { BaseAddress = Alertmanager, Timeout = TimeSpan.FromSeconds(5) })
            await Eventually.TrueAsync(async () => !_alertmanager.HasExited && await AnswersAsync(probe, "-/ready"), TimeSpan.FromSeconds(30),
                "Alertmanager is ready; its log: " + _alertmanager.LogPath);

        var prometheusPort = FreePort();
        var directory = Path.Combine(Platform.LogDirectory, "prometheus");
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, ScrapeConfig(exporterPort, alertmanagerPort));
        _prometheus = ToolProcess.Start(Tools.Prometheus,
        [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{prometheusPort}", "--log.level=warn",
        ], new Dictionary<string, string>(), Path.Combine(Platform.LogDirectory, "prometheus.log"));
        Prometheus = new PrometheusClient(new Uri($"http://127.0.0.1:{prometheusPort}/"));
        await Eventually.TrueAsync(async () => !_prometheus.HasExited && await Prometheus.ReadyAsync(), TimeSpan.FromSeconds(30),
            "Prometheus is ready; its log: " + _prometheus.LogPath);

        await Payment.RunAsync(Platform);
        // Scraped once the payment's last traces are in: the receipt's amount (NodeAdapter), the reconciliation
        // (Reporting), the reported position (PostgreSQL), and a few more scrapes so that rates have two samples.
        foreach (var evidence in new[]
                 {
                     "nodeadapter_receipts_amount_total", "reporting_transfers_reconciled_total",
                     "payments_positions_count{status=\"REPORTED\"} > 0",
                 })
            await Eventually.TrueAsync(async () => (await Prometheus.QueryAsync(evidence)).Series > 0, Settle,
                $"Prometheus has scraped {evidence}");
        // Two more scrapes since each counter of the payment first appeared (they exist only from the payment on, and
        // the flow's only once Reporting has committed it, which the REPORTED position can precede by a scrape), so
        // that rates over a window hold at least two samples of the payment.
        foreach (var counter in new[] { "nodeadapter_receipts_amount_total", "reporting_flows_received_total", "reporting_transfers_reconciled_total" })
            await Eventually.TrueAsync(async () => (await Prometheus.QueryAsync($"min(count_over_time({counter}[1m])) >= 3")).Series > 0, Settle,
                $"Prometheus has scraped {counter} three times");
    }

    // Waits until Prometheus's last scrape of every target succeeded. A scrape that misses its timeout (the interval,
    // on a loaded machine) marks every series of that target stale until the next good scrape, and an instant query
    // in that window finds nothing: a failure of the machine, not of the dashboards.
    public Task EveryTargetJustScrapedAsync() => Eventually.TrueAsync(async () =>
    {
        using var http = new HttpClient { BaseAddress = Prometheus.Address };
        using var targets = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/v1/targets?state=active"));
        var active = targets.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
        return active.Count > 0 && active.All(t => t.GetProperty("health").GetString() == "up");
    }, Settle, "every target's last scrape succeeded (Prometheus /api/v1/targets)");

    // Waits until Prometheus has evaluated every rule group at least once after since (each group's `lastEvaluation`
    // in /api/v1/rules). A recording rule writes its series only when its group runs, so until then the alerts that
    // read it would look as if they read a metric nobody exports.
    public Task EveryRuleGroupEvaluatedSinceAsync(DateTimeOffset since) => Eventually.TrueAsync(async () =>
    {
        using var http = new HttpClient { BaseAddress = Prometheus.Address };
        using var rules = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/v1/rules"));
        var groups = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().ToList();
        return groups.Count > 0 && groups.All(g => g.GetProperty("lastEvaluation").GetDateTimeOffset() > since);
    }, Settle, $"every rule group has been evaluated since {since:O} (Prometheus /api/v1/rules lastEvaluation)");

    // Everything the processes and Prometheus logged, for a failing test's message.
    public string Logs() =>
        $"{Platform.Logs()}\n\n== Web ==\n{_web?.LogTail(25)}\n\n== postgres-exporter ==\n{_exporter?.LogTail()}\n\n== prometheus ==\n{_prometheus?.LogTail()}\n\n== alertmanager ==\n{_alertmanager?.LogTail()}";

    public async Task DisposeAsync()
    {
        Prometheus?.Dispose();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
        if (_alertmanager is not null) await _alertmanager.DisposeAsync();
        if (_web is not null) await _web.DisposeAsync();
        await Platform.DisposeAsync();
    }

    // The shipped configuration with each local port (infra/platform.env) replaced by the platform's, the exporter's
    // port 5092 and Alertmanager's 5093 by those started here, every interval set to 2 s, and the rules read from the
    // repository.
    private string ScrapeConfig(int exporterPort, int alertmanagerPort)
    {
        var config = File.ReadAllText(Path.Combine(Root, "infra/prometheus/prometheus.yml"));
        // The test suite's RabbitMQ may run on other ports than the local run's (infra/servers.sh PAYMENTS_RABBIT_PROM_PORT).
        var rabbitPrometheus = int.TryParse(Environment.GetEnvironmentVariable("PAYMENTS_RABBIT_PROM_PORT"), out var rabbit) ? rabbit : 55692;
        var ports = LocalPorts().Select(p => (p.Local, Test: p.Name == "Web" ? _web!.Port : Platform[p.Name].Port)).Append((Local: 5092, Test: exporterPort)).Append((Local: 5093, Test: alertmanagerPort))
            .Append((Local: 55692, Test: rabbitPrometheus));
        foreach (var (local, test) in ports)
        {
            var target = $"'127.0.0.1:{local}'";
            if (!config.Contains(target, StringComparison.Ordinal)) throw new InvalidOperationException($"prometheus.yml scrapes no {target}");
            config = config.Replace(target, $"'127.0.0.1:{test}'", StringComparison.Ordinal);
        }
        config = config.Replace("  - rules/", $"  - {Path.Combine(Root, "infra/prometheus/rules")}/", StringComparison.Ordinal);
        return Interval().Replace(config, "${name}_interval: 2s");
    }

    // Name and local port of each process of infra/platform.env that serves /metrics (the gateway: its management
    // port).
    internal static IEnumerable<(string Name, int Local)> LocalPorts()
    {
        foreach (Match process in PlatformProcessLine().Matches(File.ReadAllText(Path.Combine(Tools.RepositoryRoot(), "infra/platform.env"))))
        {
            var name = process.Groups["name"].Value;
            if (name == "NodeSimulator") continue; // plays the pagoPA Node: not ours to monitor
            var management = ManagementPort().Match(process.Groups["extra"].Value);
            yield return (name, int.Parse(management.Success ? management.Groups[1].Value : process.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // The Web front end, which the Flows platform does not start (tests/Web.Tests does, with a browser): its
    // production default of HTTPS-only pages kept, since Prometheus scrapes it over plain HTTP all the same.
    private async Task<PlatformProcess> StartWebAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Root, "services", "Web", "bin", configuration, "net10.0", "Web.dll");
        var web = PlatformProcess.Start("Web", dll, FreePort(), new Dictionary<string, string>
        {
            // The local sign-in stand-in needs a non-Production environment (ADR 0051); nothing else here depends on it.
            ["ASPNETCORE_ENVIRONMENT"] = "Local",
            ["Web__LocalIdentityProvider__Enabled"] = "true",
            ["Web__GatewayUrl"] = Platform.AddressOf("Gateway").ToString(),
            ["Web__CheckoutUrl"] = Platform.AddressOf("NodeSimulator").ToString(),
            ["Web__Tokens__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Web__Organizations__0__FiscalCode"] = Platform.Ec, ["Web__Organizations__0__Name"] = "Comune di Prova",
        }, Platform.LogDirectory);
        using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(async () =>
        {
            if (web.HasExited) throw new InvalidOperationException("Web exited:\n" + web.LogTail());
            try { return (await http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK; }
            // Refused while the process starts: the deadline decides.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(90), "the Web app answers /health/ready");
        return web;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(path)).IsSuccessStatusCode;
        }
        // Not listening yet while it starts.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"(?<name>scrape|evaluation)_interval: \d+[smh]")]
    private static partial Regex Interval();

    [GeneratedRegex("""^\s*"(?<name>\w+)\|[^|]*\|(?<port>\d+)\|(?<extra>[^"]*)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex PlatformProcessLine();

    [GeneratedRegex(@"Management__Port=(\d+)")]
    private static partial Regex ManagementPort();
}

[CollectionDefinition(Name)]
public sealed class MonitoredPlatformCollection : ICollectionFixture<MonitoredPlatform>
{
    public const string Name = "monitored platform";
}
