using System.Net;
using System.Net.Sockets;
using Testing;
using Xunit;

namespace Flows.Tests;

// The whole platform for cross-service scenarios: its own database and vhost, migrations run with `dotnet X.dll
// migrate`, then the six services, the gateway and the Node simulator as separate processes on free loopback ports.
// Scenarios talk to it only through the gateway and the simulator.
public sealed class Platform : IAsyncLifetime
{
    public const string Ec = "77777777777";
    public const string Broker = "77777777777";
    public const string Station = "77777777777_01";
    public const string DonationService = "00001";
    // A fixed fee (diritti di segreteria) of the general service: the citizen states only what it is for.
    public const string FeeService = "00002";

    public const string OtherEc = "88888888888";
    private static readonly string[] Migrated = ["IuvIssuance", "DebtPositions", "Actualisation", "NodeAdapter", "Receipts", "Reporting", "Gateway"];
    private readonly Dictionary<string, PlatformProcess> _processes = [];
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private BrokerUsers _brokerUsers = null!;
    private Dictionary<string, string> _common = null!;

    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "payments-flows-" + Guid.NewGuid().ToString("N")[..8]);
    public HttpClient Gateway { get; private set; } = null!;
    public HttpClient Simulator { get; private set; } = null!;
    public PlatformProcess this[string name] => _processes[name];
    public TestDatabase Database => _database;

    // The platform's own vhost, for a process started with a different way to it (a cut-able proxy).
    public Uri RabbitMq => _vhost.AmqpUri;

    // The vhost's per-service broker users (infra/rabbitmq/users.tsv), each service connecting as its own.
    public BrokerUsers BrokerUsers => _brokerUsers;

    // The platform's vhost, for reading its queues and connections through the management API.
    public TestVirtualHost VirtualHost => _vhost;
    private readonly Dictionary<string, string> _keys = [];

    // The API keys the platform was given: admin-77, admin-88 (admins of each EC) and reader-77 (read-only on
    // 77777777777).
    public string Key(string name) => _keys[name];

    // A client of the gateway sending key as X-Api-Key (none when null).
    public HttpClient ClientWithKey(string? key)
    {
        var client = new HttpClient { BaseAddress = _processes["Gateway"].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private Dictionary<string, Dictionary<string, string>> _environments = [];

    // Starts one more instance of program (e.g. a gateway configured differently) with the platform's configuration
    // for it plus overrides; it is stopped with the platform.
    public PlatformProcess StartAnother(string name, string program, IReadOnlyDictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>(_environments[program]);
        // A second simulator cannot listen on the first one's SMTP sink port.
        if (environment.ContainsKey("Mail__SmtpPort")) environment["Mail__SmtpPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in overrides) environment[key] = value;
        var port = FreePort();
        environment["ASPNETCORE_URLS"] = environment.TryGetValue("ASPNETCORE_URLS", out var urls) ? urls.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : $"http://127.0.0.1:{port}";
        var process = PlatformProcess.Start(name, Dll(program), port, environment, LogDirectory);
        _processes[name] = process;
        return process;
    }

    // Kills a process at once (SIGKILL, as a crash would) and starts it again on the same port with the same
    // configuration, waiting until it is fully up again (its log goes to NAME-restarted-N.log).
    public async Task CrashAndRestartAsync(string name)
    {
        var crashed = _processes[name];
        crashed.Kill();
        await crashed.DisposeAsync();
        var restarted = PlatformProcess.Start($"{name}-restarted-{++_restarts}", Dll(name), crashed.Port, _environments[name], LogDirectory);
        _processes[name] = restarted;
        await WaitReadyAsync(restarted);
    }

    private int _restarts;

    // Where a process listens, for reading its own OpenAPI document.
    public Uri AddressOf(string name) => _processes[name].BaseAddress;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LogDirectory);
        _database = await TestDatabase.CreateAsync("flows");
        _vhost = await TestVirtualHost.CreateAsync("flows");
        _brokerUsers = await BrokerUsers.CreateAsync(_vhost, RepositoryRoot());
        _common = new()
        {
            ["ConnectionStrings__Payments"] = _database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = _vhost.AmqpUri.ToString(),
            ["Outbox__PollInterval"] = "00:00:00.200",
            // Not "Production": that environment refuses the shared test clock below (ADR 0045); no code branches on it otherwise.
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Testing__ClockOffsetFile"] = Path.Combine(LogDirectory, "clock-offset"),
            ["Identity__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Webhooks__SecretKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Webhooks__AllowPrivateTargets"] = "true",
            ["Webhooks__AllowInsecureTargets"] = "true",
        };
        var ports = Migrated.Append("NodeSimulator").ToDictionary(n => n, _ => FreePort());
        string Url(string name) => $"http://127.0.0.1:{ports[name]}";
        var smtpPort = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var extra = new Dictionary<string, Dictionary<string, string>>
        {
            // Reminders by e-mail to the simulator's SMTP sink, looked for every second (BulkDunningTests).
            ["Actualisation"] = new()
            {
                ["Dunning__Smtp__Host"] = "127.0.0.1", ["Dunning__Smtp__Port"] = smtpPort, ["Dunning__Smtp__Security"] = "None",
                ["Dunning__Interval"] = "00:00:01",
            },
            ["DebtPositions"] = new() { ["IuvIssuance__BaseUrl"] = Url("IuvIssuance"), ["Actualisation__BaseUrl"] = Url("Actualisation") },
            ["NodeAdapter"] = new()
            {
                ["Station__BrokerId"] = Broker, ["Station__StationId"] = Station, ["Station__Organizations__0"] = Ec, ["Station__Organizations__1"] = OtherEc,
                ["Fdr__BaseUrl"] = Url("NodeSimulator"), ["Fdr__PollInterval"] = "00:00:01",
                ["Station__PublicUrl"] = Url("Gateway") + "/pagopa/paForNode",
                [$"Station__SpontaneousServices__{DonationService}"] = "general-service.xsd",
                [$"Station__SpontaneousServices__{FeeService}"] = "general-service.xsd",
            },
            ["Gateway"] = new()
            {
                ["Station__ClientAuthentication__Mode"] = "None",
                ["Station__BrokerId"] = Broker,
                ["ApiKeys__RefreshInterval"] = "00:00:00.200",
                ["ReverseProxy__Clusters__debt-positions__Destinations__primary__Address"] = Url("DebtPositions"),
                ["ReverseProxy__Clusters__iuv-issuance__Destinations__primary__Address"] = Url("IuvIssuance"),
                ["ReverseProxy__Clusters__node-adapter__Destinations__primary__Address"] = Url("NodeAdapter"),
                ["ReverseProxy__Clusters__actualisation__Destinations__primary__Address"] = Url("Actualisation"),
                ["ReverseProxy__Clusters__receipts__Destinations__primary__Address"] = Url("Receipts"),
                ["ReverseProxy__Clusters__reporting__Destinations__primary__Address"] = Url("Reporting"),
            },
            // Receipt recovery against the simulator's biz-events API, looked for every second (ReceiptRecoveryTests).
            ["Receipts"] = new()
            {
                ["ReceiptRecovery__BaseUrl"] = Url("NodeSimulator"), ["ReceiptRecovery__Interval"] = "00:00:01",
                ["ReceiptRecovery__SubscriptionKey"] = "flows-tests",
            },
            ["NodeSimulator"] = new()
            {
                ["Node__StationUrl"] = Url("Gateway") + "/pagopa/paForNode",
                ["Node__BrokerId"] = Broker, ["Node__StationId"] = Station, ["Node__PspId"] = "PSPSIM01",
                ["Mail__SmtpPort"] = smtpPort,
            },
        };
        _environments = ports.Keys.ToDictionary(name => name, name =>
        {
            var environment = new Dictionary<string, string>(_common);
            foreach (var (key, value) in extra.GetValueOrDefault(name) ?? []) environment[key] = value;
            if (_brokerUsers.AmqpUris.TryGetValue(name, out var broker)) environment["ConnectionStrings__RabbitMq"] = broker.ToString();
            return environment;
        });
        var environments = _environments;
        // The explicit migration step, with the service's own configuration, before anything starts.
        await Task.WhenAll(Migrated.Select(name => PlatformProcess.MigrateAsync(Dll(name), environments[name])));
        // Keys as an operator creates them, with the gateway's CLI: an admin for each EC, and a read-only one.
        foreach (var (name, ec, role) in new[] { ("admin-77", Ec, "admin"), ("admin-88", OtherEc, "admin"), ("reader-77", Ec, "read") })
        {
            var file = Path.Combine(LogDirectory, name + ".key");
            await PlatformProcess.RunAsync(Dll("Gateway"), ["keys", "create", "--client", name, "--org", ec, "--role", role, "--out", file], environments["Gateway"]);
            _keys[name] = (await File.ReadAllTextAsync(file)).Trim();
        }
        foreach (var (name, port) in ports)
            _processes[name] = PlatformProcess.Start(name, Dll(name), port, environments[name], LogDirectory);
        await Task.WhenAll(_processes.Values.Select(WaitReadyAsync));
        Gateway = ClientWithKey(_keys["admin-77"]);
        Simulator = new HttpClient { BaseAddress = _processes["NodeSimulator"].BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        // The platform's own processes (restarted ones included); extra ones a scenario starts follow the file but are not waited on.
        var own = ports.Keys.ToList();
        Clock = new SharedClock(Path.Combine(LogDirectory, "clock-offset"), () => own.Select(name => _processes[name]), () => Gateway);
    }

    // Every process's clock: a scenario moves the platform to another day with it (and resets it before it ends).
    public SharedClock Clock { get; private set; } = null!;

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        Simulator?.Dispose();
        foreach (var process in _processes.Values) await process.DisposeAsync();
        if (_brokerUsers is not null) await _brokerUsers.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    // The last lines of every process's log, for a failing scenario's message.
    public string Logs() => string.Join("\n\n", _processes.Values.Select(p => $"== {p.Name} ==\n{p.LogTail(25)}"));

    // Runs a scenario; when it fails, the tail of every process's log goes to the test output first.
    public async Task RunScenarioAsync(Func<Task> scenario, Xunit.Abstractions.ITestOutputHelper output)
    {
        try
        {
            await scenario();
        }
        catch
        {
            output.WriteLine(Logs());
            throw;
        }
    }

    private static async Task WaitReadyAsync(PlatformProcess process)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // /health, not /health/ready: scenarios publish at once, so every queue must be declared and bound first.
        const string path = "/health";
        // Generous: on a heavily loaded shared machine DebtPositions' warm-up alone takes a good part of it.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        var lastError = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited:\n{process.LogTail()}");
            try
            {
                if ((await http.GetAsync(path)).StatusCode == HttpStatusCode.OK) return;
            }
            // Refused or slow while the process starts: not an error yet, the deadline decides.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastError = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{process.Name} not ready after 180 s (last: {lastError}):\n{process.LogTail()}");
    }

    private static string Dll(string name)
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var folder = name switch
        {
            "Gateway" => "gateway/Gateway",
            "NodeSimulator" => "tests/NodeSimulator",
            _ => $"services/{name}",
        };
        var dll = Path.Combine(root, folder, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} not built", dll);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Payments.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Payments.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<Platform>
{
    public const string Name = "platform";
}
