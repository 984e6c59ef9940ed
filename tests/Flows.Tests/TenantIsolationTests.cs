using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Flows.Tests;

// Every REST operation of every service, read from the services' own OpenAPI documents (a route added tomorrow is in
// them), called through the gateway as the callers who must be refused.
[Collection(PlatformCollection.Name)]
public sealed class TenantIsolationTests(Platform platform)
{
    private static readonly string[] Services = ["DebtPositions", "IuvIssuance", "NodeAdapter", "Actualisation", "Receipts", "Reporting"];

    // Operations that change nothing although they are POSTs, or that name no organisation: any REST caller may use them.
    private static readonly string[] OpenToEveryCaller = ["POST /api/actualisation/preview", "POST /api/actualisation/quote", "GET /api/actualisation/calendar",
        "GET /api/debt-positions/v1/info", "GET /api/debt-positions/v2/info"];
    private static readonly string[] ReadOnlyPosts = ["POST /api/actualisation/preview", "POST /api/actualisation/quote", "POST /api/iuv/organizations/{organizationFiscalCode}/iuvs/validate"];

    [Fact]
    public async Task Every_operation_refuses_no_credentials_another_ECs_key_and_a_read_only_key_on_writes()
    {
        var operations = new List<(string Method, string Template, HashSet<string> IntegerParameters)>();
        foreach (var service in Services)
        {
            using var http = new HttpClient { BaseAddress = platform.AddressOf(service) };
            var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) || p.Name.StartsWith("/payments/", StringComparison.Ordinal)))
                foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
                    operations.Add((method.Name.ToUpperInvariant(), path.Name, IntegerParameters(method.Value)));
        }
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations found");

        var anonymous = platform.ClientWithKey(null);
        var otherEc = platform.ClientWithKey(platform.Key("admin-88"));
        var reader = platform.ClientWithKey(platform.Key("reader-77"));
        var failures = new List<string>();
        foreach (var (method, template, integerParameters) in operations)
        {
            var name = $"{method} {template}";
            var path = Concrete(template, integerParameters);
            Check(failures, name, "no credentials", await SendAsync(anonymous, method, path), s => s == HttpStatusCode.Unauthorized);
            if (!OpenToEveryCaller.Contains(name))
                Check(failures, name, "another EC's admin key", await SendAsync(otherEc, method, path), s => s is HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
            if (method != "GET" && !ReadOnlyPosts.Contains(name, StringComparer.OrdinalIgnoreCase))
                Check(failures, name, "a read-only key", await SendAsync(reader, method, path), s => s == HttpStatusCode.Forbidden);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static void Check(List<string> failures, string operation, string caller, HttpResponseMessage response, Func<HttpStatusCode, bool> expected)
    {
        if (!expected(response.StatusCode)) failures.Add($"{operation} with {caller}: {(int)response.StatusCode}");
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{operation} with {caller}: no ProblemDetails");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    // A route constraint such as {movementId:long} is absent from the OpenAPI template, but the parameter's schema
    // says integer: a value that fails the constraint would be a 404 before any authorization is asked.
    private static HashSet<string> IntegerParameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "path" && p.TryGetProperty("schema", out var schema)
                    && schema.TryGetProperty("type", out var type) && IsInteger(type))
                .Select(p => p.GetProperty("name").GetString()!).ToHashSet()
            : [];

    private static bool IsInteger(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => t.GetString() == "integer")
        : type.GetString() == "integer";

    private static string Concrete(string template, HashSet<string> integerParameters) =>
        System.Text.RegularExpressions.Regex.Replace(template, "{([^}:]+)(:[^}]*)?}", m => m.Groups[1].Value.ToLowerInvariant() switch
        {
            "organizationfiscalcode" or "organization" => Platform.Ec,
            _ when integerParameters.Contains(m.Groups[1].Value) => "1",
            // A GUID satisfies both the :guid constraints (absent from OpenAPI templates) and plain string parameters.
            _ => Guid.NewGuid().ToString(),
        });
}
