using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Security;
using Xunit;

namespace Testing;

// Calls every endpoint a service maps, taken from its own EndpointDataSource (so a route added tomorrow is covered
// without a new test), as callers who must be refused: nobody, another organisation's admin, and, on operations that
// change something, a read-only caller of the right organisation. Each must be refused before the handler runs; none
// may get data.
public static class EndpointIsolation
{
    private const string Ours = "77777777777";
    private const string Theirs = "88888888888";
    private static readonly string[] Open = ["/health", "/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json"];

    public static async Task AssertEveryEndpointIsScopedAsync<TProgram>(ServiceFactory<TProgram> app) where TProgram : class
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !Open.Contains("/" + e.RoutePattern.RawText?.TrimStart('/')))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Endpoint: e, Method: m)))
            .ToList();
        Assert.NotEmpty(endpoints);
        var failures = new List<string>();
        foreach (var (endpoint, method) in endpoints)
        {
            var node = endpoint.Metadata.GetMetadata<NodeOnly>() is not null;
            var path = Concrete(endpoint.RoutePattern, Ours);
            await Expect(app.CreateAnonymousClient(), method, path, HttpStatusCode.Unauthorized, failures);
            await Expect(app.CreateClient().WithToken(TestCallers.For(Theirs, CallerRole.Admin)), method, path, HttpStatusCode.Forbidden, failures,
                allowed: endpoint.Metadata.GetMetadata<AnyOrganization>() is not null && !node && !Needs(endpoint, method, CallerRole.Admin));
            if (node) continue;
            var needed = Needed(endpoint, method);
            if (needed > CallerRole.Read)
                await Expect(app.CreateClient().WithToken(TestCallers.For(Ours, needed - 1)), method, path, HttpStatusCode.Forbidden, failures);
            await Expect(app.CreateClient().WithToken(TestCallers.Node()), method, path, HttpStatusCode.Forbidden, failures);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static CallerRole Needed(RouteEndpoint endpoint, string method) =>
        endpoint.Metadata.GetMetadata<RequiredRole>()?.Role ?? (method is "GET" or "HEAD" ? CallerRole.Read : CallerRole.Write);

    private static bool Needs(RouteEndpoint endpoint, string method, CallerRole role) => Needed(endpoint, method) >= role;

    private static async Task Expect(HttpClient client, string method, string path, HttpStatusCode expected, List<string> failures, bool allowed = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is not "GET" and not "HEAD" and not "DELETE") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        if (allowed ? (int)response.StatusCode is 401 or 403 : response.StatusCode != expected)
            failures.Add($"{method} {path}: {(int)response.StatusCode}, expected {(allowed ? "not refused" : (int)expected)}");
        else if (!allowed && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            failures.Add($"{method} {path}: {(int)response.StatusCode} without a ProblemDetails body");
    }

    private static string Concrete(RoutePattern pattern, string organization) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when OrganizationScope.RouteValueNames.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase) => organization,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
            RoutePatternParameterPart => "301000000000000017",
            _ => "",
        }))));
}
