using ServiceDefaults.Security;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ServiceDefaults.Tests;

// The framework's own refusals, in every service: complete ProblemDetails, in the API's words.
public sealed class ProblemAnswersTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "ProblemProbe" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 1_024);
        builder.Configuration[ServiceDefaults.Security.InternalTokens.SigningKeySetting] = Testing.TestCallers.SigningKey;
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapPost("/things", (Thing thing) => TypedResults.Ok(thing)).ForAnyOrganization();
        await _app.StartAsync();
        _http = Testing.TestCallers.WithToken(new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) },
            Testing.TestCallers.Everything());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_route_a_wrong_method_a_wrong_media_type_and_a_body_too_large_are_complete_problems()
    {
        await AssertComplete(await _http.GetAsync("/nowhere"), HttpStatusCode.NotFound, "/nowhere");
        await AssertComplete(await _http.GetAsync("/things"), HttpStatusCode.MethodNotAllowed, "/things");
        await AssertComplete(await _http.PostAsync("/things", new StringContent("{}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "/things");
        await AssertComplete(await _http.PostAsync("/things", Json($$"""{"name":"{{new string('x', 4_096)}}"}""")),
            HttpStatusCode.RequestEntityTooLarge, "/things");
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_explained_by_field_and_rule_without_a_NET_type_name()
    {
        var response = await _http.PostAsync("/things", Json("""{"name":"a","count":"7"}"""));

        var problem = await AssertComplete(response, HttpStatusCode.BadRequest, "/things");
        var message = problem.GetProperty("errors").GetProperty("count")[0].GetString()!;
        Assert.Equal("must be an integer number", message);
    }

    [Fact]
    public async Task A_duplicate_property_and_a_control_character_are_refused_by_name()
    {
        var twice = await AssertComplete(await _http.PostAsync("/things", Json("""{"name":"a","name":"b"}""")), HttpStatusCode.BadRequest, "/things");
        Assert.Contains("more than once", twice.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);

        var control = await AssertComplete(await _http.PostAsync("/things", Json("""{"name":"a\u0007"}""")), HttpStatusCode.BadRequest, "/things");
        Assert.Contains("U+0007", control.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertComplete(HttpResponseMessage response, HttpStatusCode status, string instance)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        foreach (var member in new[] { "type", "title", "detail", "instance" })
            Assert.False(string.IsNullOrEmpty(problem.TryGetProperty(member, out var value) ? value.GetString() : null), $"no {member} in {text}");
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(instance, problem.GetProperty("instance").GetString());
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        return problem;
    }

    internal sealed record Thing(string? Name, int? Count);
}
