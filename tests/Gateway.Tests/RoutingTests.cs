using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Web;
using Xunit;

namespace Gateway.Tests;

public sealed class RoutingTests(ServiceLikeGatewayApp app) : IClassFixture<ServiceLikeGatewayApp>
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

    [Theory]
    [InlineData("/api/receipts/organizations/77777777777/receipts")]
    [InlineData("/pagopa/paForNode?wsdl")]
    public async Task A_service_that_echoes_the_correlation_id_does_not_make_the_caller_see_it_twice(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Correlation-Id", "abc.DEF_0-9:z");

        var response = await app.Keyed().SendAsync(request);

        Assert.Equal("abc.DEF_0-9:z", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("id;DROP TABLE x")]
    [InlineData("a/b")]
    [InlineData("%0d%0aSet-Cookie:x")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_caller_correlation_id_other_than_1_to_64_letters_digits_and_dot_underscore_colon_hyphen_is_replaced(string given)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/receipts/organizations/77777777777/receipts");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", given);

        var response = await app.Keyed().SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.NotEqual(given, id);
        Assert.Matches("^[A-Za-z0-9._:-]{1,64}$", id);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<Echo>())!.Headers["X-Correlation-Id"]);
    }

    [Fact]
    public async Task A_caller_correlation_id_of_64_safe_characters_is_kept()
    {
        var given = new string('7', 60) + "a.:_";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/receipts/organizations/77777777777/receipts");
        request.Headers.Add("X-Correlation-Id", given);

        var response = await app.Keyed().SendAsync(request);

        Assert.Equal(given, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
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
    public async Task Bodies_over_the_route_limit_are_refused_and_never_reach_the_service()
    {
        var client = app.Keyed();

        // REST: a 413 ProblemDetails.
        var rest = $"/api/receipts/organizations/77777777777/receipts?probe={Guid.NewGuid():N}";
        var tooBigRest = await client.PostAsync(rest, new StringContent(new string('x', 1100 * 1024), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBigRest.StatusCode);
        Assert.Equal("application/problem+json", tooBigRest.Content.Headers.ContentType?.MediaType);

        // The station: what the Node understands, a SOAP fault in a 200, announced size or chunked.
        var announced = $"/pagopa/paForNode?probe={Guid.NewGuid():N}";
        var soap = new StringContent(new string('x', 600 * 1024), Encoding.UTF8, "text/xml");
        soap.Headers.Add("SOAPAction", "\"paVerifyPaymentNotice\"");
        var tooBigSoap = await client.PostAsync(announced, soap);
        AssertSoapFault(tooBigSoap, "paVerifyPaymentNoticeRes", await tooBigSoap.Content.ReadAsStringAsync());

        var chunked = $"/pagopa/paForNode?probe={Guid.NewGuid():N}";
        var tooBigChunked = await client.PostAsync(chunked, new ChunkedContent(new byte[600 * 1024], "paSendRTV2"));
        AssertSoapFault(tooBigChunked, "paSendRTV2Response", await tooBigChunked.Content.ReadAsStringAsync());

        var unknownAction = await client.PostAsync($"/pagopa/paForNode?probe={Guid.NewGuid():N}", new ChunkedContent(new byte[600 * 1024], null));
        var fault = XDocument.Parse(await unknownAction.Content.ReadAsStringAsync()).Descendants(XName.Get("Fault", Soap11)).Single();
        Assert.Equal("soapenv:Client", fault.Element("faultcode")!.Value);
        Assert.StartsWith("PAA_SINTASSI_EXTRAXSD", fault.Element("faultstring")!.Value, StringComparison.Ordinal);

        var fine = await client.PostAsync("/pagopa/paForNode", new StringContent(new string('x', 100 * 1024), Encoding.UTF8, "text/xml"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(100 * 1024, (await fine.Content.ReadFromJsonAsync<Echo>())!.BodyLength);
        var fineChunked = await client.PostAsync("/pagopa/paForNode", new ChunkedContent(new byte[100 * 1024], "paSendRT"));
        Assert.Equal(100 * 1024, (await fineChunked.Content.ReadFromJsonAsync<Echo>())!.BodyLength);

        Assert.DoesNotContain(app.Service.Received, path => path == rest || path == announced || path == chunked);
    }

    [Theory]
    [InlineData("/api/receipts/organizations/77777777777/receipts", 1100 * 1024)]
    [InlineData("/pagopa/paForNode", 600 * 1024)]
    public async Task A_body_refused_unread_closes_the_connection_so_the_next_request_does_not_land_on_a_dead_one(string path, int size)
    {
        var client = app.Keyed();

        var refused = await client.PostAsync(path, new StringContent(new string('x', size), Encoding.UTF8, "application/json"));
        var next = await client.GetAsync("/api/receipts/organizations/77777777777/receipts");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True(refused.Headers.ConnectionClose, "Connection: close");
    }

    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    private static void AssertSoapFault(HttpResponseMessage response, string responseElement, string body)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var answer = XDocument.Parse(body).Root!.Element(XName.Get("Body", Soap11))!.Elements().Single();
        Assert.Equal(XName.Get(responseElement, "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"), answer.Name);
        Assert.Equal("KO", answer.Element("outcome")!.Value);
        Assert.Equal("PAA_SINTASSI_EXTRAXSD", answer.Element("fault")!.Element("faultCode")!.Value);
        Assert.Equal("Errore di sintassi extra XSD", answer.Element("fault")!.Element("faultString")!.Value);
        Assert.NotNull(answer.Element("fault")!.Element("id"));
    }

    // A body sent without Content-Length (Transfer-Encoding: chunked).
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string? soapAction)
        {
            _bytes = bytes;
            Headers.ContentType = new("text/xml");
            if (soapAction is not null) Headers.Add("SOAPAction", soapAction);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
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

// The gateway in front of a backend that behaves like one of our services where these tests look: it runs the real
// CorrelationIdMiddleware, answers like EchoBackend, and remembers every path it was asked for.
public sealed class ServiceLikeGatewayApp : GatewayApp
{
    public ServiceLikeBackend Service { get; } = ServiceLikeBackend.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        Clusters.Select(c => KeyValuePair.Create($"ReverseProxy:Clusters:{c}:Destinations:primary:Address", (string?)Service.Address));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Service.DisposeAsync();
    }
}

public sealed class ServiceLikeBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceLikeBackend(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Received { get; } = new();

    public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static ServiceLikeBackend Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new ServiceLikeBackend(app);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.Run(async context =>
        {
            backend.Received.Enqueue(context.Request.Path + context.Request.QueryString);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsJsonAsync(new Echo(
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.Length));
        });
        app.Start();
        return backend;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
