using System.Net;
using System.Net.Http.Headers;
using ServiceDefaults.Security;
using Xunit;

namespace Gateway.Tests;

// The gateway with the Web app's issuer given a budget of its own (1 a second, 60 at once; keys get 20).
public sealed class WebIssuerGatewayApp : GatewayApp
{
    public const string Issuer = "payments-web";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Jwt:Issuer", Issuer), new("Jwt:Audience", OAuthGatewayApp.Audience), new("Jwt:SigningKeys:0", Convert.ToBase64String(OAuthGatewayApp.Secret)),
        new("Limits:Issuers:0:Issuer", Issuer), new("Limits:Issuers:0:RequestsPerSecond", "1"), new("Limits:Issuers:0:Burst", "60"),
    ];
}

// Budgets belong to a client acting for one EC: one EC's rush leaves the client's other ECs served, codes the client
// does not act for share a single budget, and a listed issuer's tokens get that issuer's size (docs/decisions/0069).
public sealed class RateBudgetTests
{
    private static string Receipts(string ec) => $"/api/receipts/organizations/{ec}/receipts";

    [Fact]
    public async Task A_client_that_spent_its_budget_for_one_ec_is_still_served_for_its_other_ec()
    {
        await RunAsync(new GatewayApp(), async app =>
        {
            var intermediary = app.ClientWithKey(await app.KeyAsync("intermediary", CallerRole.Read, "77777777777", "88888888888"));

            var statuses = await SendAsync(intermediary, 40, _ => Receipts("77777777777"));

            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await intermediary.GetAsync(Receipts("77777777777"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await intermediary.GetAsync(Receipts("88888888888"))).StatusCode);
        });
    }

    [Fact]
    public async Task Codes_of_ecs_the_client_does_not_act_for_share_one_budget_however_many_are_made_up()
    {
        await RunAsync(new GatewayApp(), async app =>
        {
            var client = app.ClientWithKey(await app.KeyAsync("prober", CallerRole.Read, "77777777777"));

            var statuses = await SendAsync(client, 40, i => Receipts($"{10_000_000_000L + i}"));

            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        });
    }

    [Fact]
    public async Task A_token_of_an_issuer_with_its_own_budget_gets_that_budget_where_a_key_is_refused()
    {
        await RunAsync(new WebIssuerGatewayApp(), async app =>
        {
            var web = app.CreateClient();
            web.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OAuthGatewayApp.Token(
                new() { ["client_id"] = "web:operatore77", ["organizations"] = new[] { "77777777777" }, ["role"] = "read" },
                issuer: WebIssuerGatewayApp.Issuer));
            var key = app.ClientWithKey(await app.KeyAsync("municipality", CallerRole.Read, "77777777777"));

            var byToken = await SendAsync(web, 40, _ => Receipts("77777777777"));
            var byKey = await SendAsync(key, 40, _ => Receipts("77777777777"));

            Assert.All(byToken, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Contains(HttpStatusCode.TooManyRequests, byKey);
        });
    }

    private static async Task RunAsync<T>(T app, Func<T, Task> scenario) where T : GatewayApp
    {
        await ((IAsyncLifetime)app).InitializeAsync();
        try { await scenario(app); }
        finally { await ((IAsyncLifetime)app).DisposeAsync(); }
    }

    private static async Task<List<HttpStatusCode>> SendAsync(HttpClient client, int count, Func<int, string> path)
    {
        var statuses = new List<HttpStatusCode>(count);
        for (var i = 0; i < count; i++) statuses.Add((await client.GetAsync(path(i))).StatusCode);
        return statuses;
    }
}
