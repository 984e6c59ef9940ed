using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flows.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using Testing;
using Xunit;

namespace Web.Tests;

// The whole platform (Platform: services, gateway, Node simulator as processes) plus the Web app behind a gateway of
// its own that serves HTTPS (self-signed, as a TLS-terminating ingress would) and trusts the Web app's tokens; and
// one headless Chromium (Debian's package) driven by Playwright.
public sealed class WebPlatform : IAsyncLifetime
{
    public const string Password = "Prova-2026!";
    public static readonly (string Name, string Role, string Ec)[] Users =
    [
        ("operatore77", "operator", Platform.Ec), ("operatore88", "operator", Platform.OtherEc), ("lettore77", "viewer", Platform.Ec),
        ("amministratore77", "administrator", Platform.Ec),
    ];

    private readonly List<PlatformProcess> _own = [];
    private IPlaywright _playwright = null!;
    private string _directory = null!;
    private Dictionary<string, string> _webEnvironment = null!;

    public Platform Platform { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    // Where the browser goes: the gateway's HTTPS port.
    public Uri Site { get; private set; } = null!;

    public Uri Checkout => Platform.AddressOf("NodeSimulator");

    public string Artefacts { get; } = Path.Combine(RepositoryRoot(), ".local", "test-results", "web");

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        _directory = Path.Combine(Platform.LogDirectory, "web");
        Directory.CreateDirectory(_directory);
        foreach (var ec in new[] { Platform.Ec, Platform.OtherEc })
        {
            using var admin = Platform.ClientWithKey(Platform.Key(ec == Platform.Ec ? "admin-77" : "admin-88"));
            (await admin.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        }
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (webPort, httpsPort, httpPort) = (FreePort(), FreePort(), FreePort());
        _webEnvironment = WebEnvironment(signingKey, $"http://127.0.0.1:{httpPort}/");
        _own.Add(StartWeb("Web", webPort, new Dictionary<string, string>()));
        WriteCertificate();
        Platform.StartAnother("WebGateway", "Gateway", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"https://127.0.0.1:{httpsPort};http://127.0.0.1:{httpPort}",
            ["Kestrel__Certificates__Default__Path"] = Path.Combine(_directory, "site.pem"),
            ["Kestrel__Certificates__Default__KeyPath"] = Path.Combine(_directory, "site.key"),
            ["Jwt__Issuer"] = "payments-web", ["Jwt__Audience"] = "payments-gateway", ["Jwt__SigningKeys__0"] = signingKey,
            ["ReverseProxy__Clusters__web__Destinations__primary__Address"] = $"http://127.0.0.1:{webPort}/",
        });
        Site = new Uri($"https://127.0.0.1:{httpsPort}/");
        await WaitReadyAsync(new Uri($"http://127.0.0.1:{httpPort}/health/web/ready"));
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
            // As an Italian user's browser: on Linux, Chromium takes its own language (the one date fields are laid
            // out in: gg/mm/aaaa) from the environment, not from the context's Locale, which only sets
            // navigator.language and Accept-Language. Its Italian resources are Debian's chromium-l10n (infra/test.sh).
            Env = ItalianEnvironment(),
        });
    }

    private static Dictionary<string, string> ItalianEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        environment["LANGUAGE"] = "it";
        return environment;
    }

    // Another Web app on its own port, reached directly (for limits that must not touch the shared one).
    public async Task<Uri> StartAnotherWebAsync(string name, IReadOnlyDictionary<string, string> overrides)
    {
        var port = FreePort();
        _own.Add(StartWeb(name, port, overrides));
        var address = new Uri($"http://127.0.0.1:{port}/");
        await WaitReadyAsync(new Uri(address, "/health/ready"));
        return address;
    }

    // Runs a browser scenario; when it fails, every open page is screenshotted and the processes' logs go to the
    // output.
    public Task RunAsync(string test, Func<PageChecks, Task> scenario, Xunit.Abstractions.ITestOutputHelper output)
    {
        return Platform.RunScenarioAsync(async () =>
        {
            await using var checks = new PageChecks(this, test);
            try
            {
                await scenario(checks);
            }
            catch
            {
                await checks.ScreenshotOpenPagesAsync();
                throw;
            }
        }, output);
    }

    public async Task<IBrowserContext> NewContextAsync() => await Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = Site.ToString(), IgnoreHTTPSErrors = true, Locale = "it-IT", AcceptDownloads = true,
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var process in _own) await process.DisposeAsync();
        await Platform.DisposeAsync();
    }

    private PlatformProcess StartWeb(string name, int port, IReadOnlyDictionary<string, string> overrides) =>
        PlatformProcess.Start(name, WebDll, port, WebEnvironmentWith(overrides), Platform.LogDirectory);

    public static string WebDll => Path.Combine(RepositoryRoot(), "services", "Web", "bin", Configuration(), "net10.0", "Web.dll");

    // The Web app's configuration in these tests, with some keys changed.
    public Dictionary<string, string> WebEnvironmentWith(IReadOnlyDictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>(_webEnvironment);
        foreach (var (key, value) in overrides) environment[key] = value;
        return environment;
    }

    private Dictionary<string, string> WebEnvironment(string signingKey, string gateway)
    {
        var environment = new Dictionary<string, string>
        {
            // Not Production: the local run's SPID/CIE stand-in is refused there (ADR 0051). Nothing else in Web depends on it.
            ["ASPNETCORE_ENVIRONMENT"] = "Local",
            ["Web__LocalIdentityProvider__Enabled"] = "true",
            ["Web__GatewayUrl"] = gateway,
            ["Web__CheckoutUrl"] = Checkout.ToString(),
            ["Web__Tokens__SigningKey"] = signingKey,
            ["Web__Organizations__0__FiscalCode"] = Platform.Ec, ["Web__Organizations__0__Name"] = "Comune di Prova",
            ["Web__Organizations__1__FiscalCode"] = Platform.OtherEc, ["Web__Organizations__1__Name"] = "Comune di Esempio",
            ["Web__LookupsPerMinute"] = "100",
        };
        var hasher = new PasswordHasher<object>();
        for (var i = 0; i < Users.Length; i++)
        {
            environment[$"Web__LocalUsers__{i}__Name"] = Users[i].Name;
            environment[$"Web__LocalUsers__{i}__PasswordHash"] = hasher.HashPassword(new object(), Password);
            environment[$"Web__LocalUsers__{i}__Role"] = Users[i].Role;
            environment[$"Web__LocalUsers__{i}__Organizations__0"] = Users[i].Ec;
        }
        return environment;
    }

    private void WriteCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(Path.Combine(_directory, "site.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "site.key"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task WaitReadyAsync(Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(async () =>
        {
            try { return (await http.GetAsync(health)).StatusCode == HttpStatusCode.OK; }
            // Refused while the process starts: the deadline decides.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(90), $"{health} answers 200");
    }

    private static string Configuration() => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

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
public sealed class WebCollection : ICollectionFixture<WebPlatform>
{
    public const string Name = "web";
}
