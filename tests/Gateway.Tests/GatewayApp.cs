using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>The real gateway with every cluster pointed at one echo backend on loopback.</summary>
public class GatewayApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly string[] Clusters = ["debt-positions", "iuv-issuance", "node-adapter", "actualisation", "receipts", "reporting"];

    // Real Kestrel, not TestServer: body-size limits and forwarded headers are Kestrel features.
    public GatewayApp() => UseKestrel(0);

    public EchoBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Backend = await EchoBackend.StartAsync();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var cluster in Clusters)
            builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address", Backend.Address);
        builder.UseSetting("Limits:ClientRequestsPerSecond", "1");
        builder.UseSetting("Limits:ClientBurst", "20");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
