using System.Net;
using ServiceDefaults.Security;
using Xunit;

namespace Gateway.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_client_over_its_budget_gets_429_on_every_key_it_holds_while_others_and_the_station_go_on()
    {
        await using var app = new GatewayApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        const string Path = "/api/receipts/organizations/77777777777/receipts";
        var first = app.ClientWithKey(await app.KeyAsync("municipality-a", CallerRole.Read, "77777777777"));
        var second = app.ClientWithKey(await app.KeyAsync("municipality-a", CallerRole.Read, "77777777777"));

        // The budget is 20 at once and 1 a second; 40 calls inside a few seconds cannot all fit.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++) statuses.Add((await first.GetAsync(Path)).StatusCode);
        for (var i = 0; i < 20; i++) statuses.Add((await second.GetAsync(Path)).StatusCode);
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 10, string.Join(",", statuses));
        var refused = await second.GetAsync(Path);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));

        for (var i = 0; i < 40; i++)
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/pagopa/paForNode?wsdl")).StatusCode);
        var other = app.ClientWithKey(await app.KeyAsync("municipality-b", CallerRole.Read, "77777777777"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Path)).StatusCode);
        await ((IAsyncLifetime)app).DisposeAsync();
    }
}
