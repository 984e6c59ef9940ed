using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Http;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class ClientResilienceTests
{
    [Fact]
    public async Task A_transient_failure_is_retried_as_often_as_the_clients_defaults_say_unless_configuration_overrides_them()
    {
        await using var server = await UnavailableServer.StartAsync();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, 1 + 2), await CallAsync(server, overrides: []));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, 1 + 1),
            await CallAsync(server, overrides: new() { [$"{ClientResilience.Section}:Probe:Retry:MaxRetryAttempts"] = "1" }));
    }

    private static async Task<(HttpStatusCode, int)> CallAsync(UnavailableServer server, Dictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddHttpClient("probe", http => http.BaseAddress = server.Address)
            .AddStandardResilience(configuration, "Probe", o =>
            {
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            });
        await using var provider = services.BuildServiceProvider();
        var before = server.Calls;
        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("probe").GetAsync("/");
        return (response.StatusCode, server.Calls - before);
    }

    // A loopback server that answers every call 503 and counts them.
    private sealed class UnavailableServer : IAsyncDisposable
    {
        private int _calls;
        private WebApplication _app = null!;

        public int Calls => Volatile.Read(ref _calls);
        public Uri Address { get; private set; } = null!;

        public static async Task<UnavailableServer> StartAsync()
        {
            var server = new UnavailableServer();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            server._app = builder.Build();
            server._app.Run(context =>
            {
                Interlocked.Increment(ref server._calls);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            });
            await server._app.StartAsync();
            server.Address = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return server;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
