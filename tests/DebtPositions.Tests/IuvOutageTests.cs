using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// DebtPositions reaching IuvIssuance only through a TcpProxy the test can cut: IuvIssuance "down".
public sealed class IuvOutageApp : IuvBackedApp
{
    internal TcpProxy Proxy { get; private set; } = null!;

    protected override Uri Route(Uri iuvIssuance)
    {
        Proxy = TcpProxy.Start(iuvIssuance.Host, iuvIssuance.Port);
        return new UriBuilder(iuvIssuance) { Port = Proxy.Port }.Uri;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() => [];

    protected override void Dispose(bool disposing)
    {
        if (disposing) Proxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

public sealed class IuvOutageTests(IuvOutageApp app) : IClassFixture<IuvOutageApp>
{
    [Fact]
    public async Task A_create_while_IuvIssuance_is_down_is_a_503_problem_that_stores_nothing_and_the_same_request_succeeds_once_it_is_back()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await DebtPositionEvents.ChangesAsync(bus);
        var iupd = Positions.Unique("down");
        var key = Guid.NewGuid().ToString();
        await client.CreateAsync(Positions.Position(Positions.Unique("warm"))); // the path works, its connections pooled
        var numbers = await NumbersHandedOutAsync();

        app.Proxy.Cut();
        var refused = await PostAsync(client, iupd, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((503, "IuvIssuance unavailable"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString()));
        Assert.Contains("retry later", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"""
            SELECT (SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}')
                 + (SELECT count(*) FROM debt_positions.idempotency_keys WHERE key = '{key}')
                 + (SELECT count(*) FROM debt_positions.outbox_messages WHERE body LIKE '%{iupd}%')
            """));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Positions.Base}/{iupd}")).StatusCode);

        app.Proxy.Restore();
        var created = await PostAsync(client, iupd, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("VALID", (await client.ReadAsync(iupd)).Status());
        Assert.Equal(numbers + 1, await NumbersHandedOutAsync());
        await changes.SettleAsync(app.Database);
        Assert.Equal([DebtPositionChanges.Published], changes.Of(iupd).Select(c => c.Change));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string iupd, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Positions.Base + "?toPublish=true") { Content = JsonContent.Create(Positions.Position(iupd)) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private Task<long> NumbersHandedOutAsync() => app.IuvDatabase.ScalarAsync<long>(
        $"SELECT coalesce(sum(next_base), 0) FROM iuv_issuance.counters WHERE organization_fiscal_code = '{IuvBackedApp.Ec}'");
}
