using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed partial class DefaultEndpointsTests
{
    [Fact]
    public async Task Health_metrics_and_correlation_id_are_served_by_every_service()
    {
        await using var database = await TestDatabase.CreateAsync("defaults");
        await using var vhost = await TestVirtualHost.CreateAsync("defaults");
        await Persistence.SqlMigrator.MigrateAsync(database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
        await using var app = await ProbeService.StartAsync(database.ConnectionString, vhost.AmqpUri);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "abc-123");
        var echoed = await http.SendAsync(request);
        Assert.Equal("abc-123", echoed.Headers.GetValues("X-Correlation-Id").Single());
        Assert.False(string.IsNullOrEmpty((await http.GetAsync("/health/live")).Headers.GetValues("X-Correlation-Id").Single()));

        var metrics = await (await http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
        foreach (var line in metrics.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
            Assert.Matches(SampleLine(), line);
    }

    [Fact]
    public async Task Ready_is_503_when_the_database_is_unreachable()
    {
        await using var database = await TestDatabase.CreateAsync("notready");
        await using var vhost = await TestVirtualHost.CreateAsync("notready");
        await Persistence.SqlMigrator.MigrateAsync(database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
        await using var app = await ProbeService.StartAsync(database.ConnectionString, vhost.AmqpUri);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await database.DisposeAsync(); // drops the database under the running service

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    // Prometheus text format: name{labels} value
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
