using Gateway.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Persistence;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace Gateway.Tests;

// The real gateway on its own database (API keys, audit log) with every cluster pointed at one echo backend on
// loopback. The station accepts any caller here (mode None), as in the local run.
public class GatewayApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly string[] Clusters = ["debt-positions", "iuv-issuance", "node-adapter", "actualisation", "receipts", "reporting"];

    // Real Kestrel, not TestServer: body-size limits and forwarded headers are Kestrel features.
    public GatewayApp() => UseKestrel(0);

    public EchoBackend Backend { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Backend = await EchoBackend.StartAsync();
        Database = await TestDatabase.CreateAsync("gateway");
        await SqlMigrator.MigrateAsync(Database.ConnectionString, "gateway", typeof(GatewayAccess).Assembly, CancellationToken.None);
        StartServer();
        DemoKey = await KeyAsync("demo-client", CallerRole.Admin, "77777777777");
    }

    // An admin key of organisation 77777777777.
    public string DemoKey { get; private set; } = "";

    public HttpClient Keyed() => ClientWithKey(DemoKey);

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var cluster in Clusters)
            builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address", Backend.Address);
        builder.UseSetting("ConnectionStrings:Payments", Database.ConnectionString);
        builder.UseSetting(InternalTokens.SigningKeySetting, TestCallers.SigningKey);
        builder.UseSetting("Station:ClientAuthentication:Mode", "None");
        builder.UseSetting("ApiKeys:RefreshInterval", "00:00:00.200");
        // Metrics and OpenAPI answer only on a management port this test host never listens on.
        builder.UseSetting("Management:Port", "1");
        builder.UseSetting("Limits:ClientRequestsPerSecond", "1");
        builder.UseSetting("Limits:ClientBurst", "20");
        foreach (var (key, value) in Settings()) builder.UseSetting(key, value);
    }

    // A new API key, as the CLI or the admin API would create it.
    public async Task<string> KeyAsync(string client, CallerRole role, params string[] organizations)
    {
        var (_, secret) = await Services.GetRequiredService<ApiKeyStore>().CreateAsync(client, organizations, role, null, null, CancellationToken.None);
        return secret;
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Backend.DisposeAsync();
        await Database.DisposeAsync();
    }
}
