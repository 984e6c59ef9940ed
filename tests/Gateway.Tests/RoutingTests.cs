using System.Net;
using System.Net.Http.Json;
using System.Text;
using Xunit;

namespace Gateway.Tests;

public sealed class RoutingTests(GatewayApp app) : IClassFixture<GatewayApp>
{
    [Theory]
    [InlineData("/api/debt-positions/v1/organizations/77777777777/debtpositions?page=0")]
    [InlineData("/api/iuv/organizations/77777777777")]
    [InlineData("/api/node-adapter/organizations/77777777777/flows")]
    [InlineData("/api/actualisation/organizations/77777777777/notices/01000000000000001/schedule")]
    [InlineData("/api/receipts/organizations/77777777777/receipts")]
    [InlineData("/api/reporting/organizations/77777777777/flows")]
    [InlineData("/pagopa/paForNode?wsdl")]
    public async Task Every_service_prefix_is_forwarded_unchanged(string path)
    {
        var echo = await app.CreateClient().GetFromJsonAsync<Echo>(path);
        Assert.Equal(path, echo!.Path);
    }

    [Fact]
    public async Task Health_of_a_service_maps_to_its_own_health_endpoint()
    {
        var echo = await app.CreateClient().GetFromJsonAsync<Echo>("/health/receipts/ready");
        Assert.Equal("/health/ready", echo!.Path);
    }

    [Fact]
    public async Task A_correlation_id_is_created_forwarded_and_returned_once()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/api/receipts/organizations/77777777777/receipts");
        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        var echo = await response.Content.ReadFromJsonAsync<Echo>();
        Assert.Equal(id, echo!.Headers["X-Correlation-Id"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/receipts/organizations/77777777777/receipts");
        request.Headers.Add("X-Correlation-Id", "caller-chosen-42");
        var chosen = await client.SendAsync(request);
        Assert.Equal("caller-chosen-42", Assert.Single(chosen.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task Forwarded_headers_tell_the_service_who_called()
    {
        var echo = await app.CreateClient().GetFromJsonAsync<Echo>("/api/receipts/x");
        Assert.True(echo!.Headers.ContainsKey("X-Forwarded-Proto"));
        Assert.True(echo.Headers.ContainsKey("X-Forwarded-Host"));
    }

    [Fact]
    public async Task An_unknown_path_is_404()
    {
        var response = await app.CreateClient().GetAsync("/api/unknown/thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_route_limit_are_refused_with_413_and_never_reach_the_service()
    {
        var client = app.CreateClient();
        var soap = new StringContent(new string('x', 600 * 1024), Encoding.UTF8, "text/xml");
        var tooBigSoap = await client.PostAsync("/pagopa/paForNode", soap);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBigSoap.StatusCode);

        var fine = await client.PostAsync("/pagopa/paForNode", new StringContent(new string('x', 100 * 1024), Encoding.UTF8, "text/xml"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(100 * 1024, (await fine.Content.ReadFromJsonAsync<Echo>())!.BodyLength);
    }
}

public sealed class ClientIdentityTests
{
    [Fact]
    public async Task The_client_id_comes_from_a_configured_api_key_and_never_from_the_caller()
    {
        await using var app = new KeyedGatewayApp(requireKey: false);
        await ((IAsyncLifetime)app).InitializeAsync();
        var client = app.CreateClient();

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/receipts/x");
        spoofed.Headers.Add("X-Client-Id", "someone-else");
        var anonymous = await (await client.SendAsync(spoofed)).Content.ReadFromJsonAsync<Echo>();
        Assert.False(anonymous!.Headers.ContainsKey("X-Client-Id"));

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/receipts/x");
        keyed.Headers.Add("X-Api-Key", "secret-of-tax-office");
        keyed.Headers.Add("X-Client-Id", "someone-else");
        var echo = await (await client.SendAsync(keyed)).Content.ReadFromJsonAsync<Echo>();
        Assert.Equal("tax-office", echo!.Headers["X-Client-Id"]);
        Assert.False(echo.Headers.ContainsKey("X-Api-Key"));
        await ((IAsyncLifetime)app).DisposeAsync();
    }

    [Fact]
    public async Task With_keys_required_an_unknown_caller_gets_401_on_the_api_but_the_station_stays_open()
    {
        await using var app = new KeyedGatewayApp(requireKey: true);
        await ((IAsyncLifetime)app).InitializeAsync();
        var client = app.CreateClient();

        var refused = await client.GetAsync("/api/receipts/x");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pagopa/paForNode?wsdl")).StatusCode);

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/receipts/x");
        keyed.Headers.Add("X-Api-Key", "secret-of-tax-office");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(keyed)).StatusCode);
        await ((IAsyncLifetime)app).DisposeAsync();
    }

    private sealed class KeyedGatewayApp(bool requireKey) : GatewayApp
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Clients:ApiKeys:secret-of-tax-office", "tax-office");
            builder.UseSetting("Clients:RequireApiKey", requireKey ? "true" : "false");
        }
    }
}
