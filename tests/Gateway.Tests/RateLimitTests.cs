using System.Net;
using Xunit;

namespace Gateway.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_client_over_its_budget_gets_429_problem_but_the_pagopa_station_is_never_throttled()
    {
        await using var app = new GatewayApp();
        await ((Xunit.IAsyncLifetime)app).InitializeAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "municipality-a");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) statuses.Add((await client.GetAsync("/api/receipts/organizations/77777777777/receipts")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var refused = await client.GetAsync("/api/receipts/organizations/77777777777/receipts");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));

        for (var i = 0; i < 40; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pagopa/paForNode?wsdl")).StatusCode);

        var otherClient = app.CreateClient();
        otherClient.DefaultRequestHeaders.Add("X-Api-Key", "municipality-b");
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/api/receipts/organizations/77777777777/receipts")).StatusCode);
        await ((Xunit.IAsyncLifetime)app).DisposeAsync();
    }
}
