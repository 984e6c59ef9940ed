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
        var echo = await app.Keyed().GetFromJsonAsync<Echo>(path);
        Assert.Equal(path, echo!.Path);
    }

    [Fact]
    public async Task Health_of_a_service_maps_to_its_own_health_endpoint()
    {
        var echo = await app.Keyed().GetFromJsonAsync<Echo>("/health/receipts/ready");
        Assert.Equal("/health/ready", echo!.Path);
    }

    [Fact]
    public async Task A_correlation_id_is_created_forwarded_and_returned_once()
    {
        var client = app.Keyed();
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
        var echo = await app.Keyed().GetFromJsonAsync<Echo>("/api/receipts/x");
        Assert.True(echo!.Headers.ContainsKey("X-Forwarded-Proto"));
        Assert.True(echo.Headers.ContainsKey("X-Forwarded-Host"));
    }

    [Fact]
    public async Task An_unknown_path_is_404()
    {
        var response = await app.Keyed().GetAsync("/api/unknown/thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_route_limit_are_refused_with_413_and_never_reach_the_service()
    {
        var client = app.Keyed();
        var soap = new StringContent(new string('x', 600 * 1024), Encoding.UTF8, "text/xml");
        var tooBigSoap = await client.PostAsync("/pagopa/paForNode", soap);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBigSoap.StatusCode);

        var fine = await client.PostAsync("/pagopa/paForNode", new StringContent(new string('x', 100 * 1024), Encoding.UTF8, "text/xml"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(100 * 1024, (await fine.Content.ReadFromJsonAsync<Echo>())!.BodyLength);
    }

    [Theory]
    [InlineData("/api/receipts/organizations/77777777777/receipts")]
    [InlineData("/pagopa/paForNode?wsdl")]
    public async Task A_header_value_that_is_not_visible_ASCII_is_a_400_problem_naming_the_header(string path)
    {
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var client = new HttpClient(handler) { BaseAddress = app.Keyed().BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Api-Key", app.DemoKey);
        request.Headers.TryAddWithoutValidation("X-Note", "caff\u00e8");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Note", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
