using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// ADR 0033: a service whose broker cannot be reached starts, listens and is ready; only /health says the broker is
// missing.
public sealed class StartWithoutBrokerTests
{
    [Fact]
    public async Task With_no_broker_listening_the_service_starts_at_once_live_and_ready_and_health_reports_503()
    {
        await using var database = await TestDatabase.CreateAsync("nobroker");
        await Persistence.SqlMigrator.MigrateAsync(database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
        var nowhere = new UriBuilder(TestServers.RabbitMq) { Port = ClosedPort(), Path = "/nobroker" }.Uri;

        // Before ADR 0033, StartAsync itself waited for the bus and failed after 60 s: "Hosting failed to start".
        await using var app = await ProbeService.StartAsync(database.ConnectionString, nowhere, waitForBroker: false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
