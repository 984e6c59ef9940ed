using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// Generated hostile bodies against the real service: never a 5xx, every 4xx a problem+json.
public sealed class HostileInputGeneratedTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const int Seed = 20261206;
    private const int PerShape = 100;
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Hundreds_of_mutated_create_and_update_requests_never_get_a_5xx_and_every_4xx_is_a_problem()
    {
        var existing = Positions.Unique("gen-upd");
        (await _client.PostAsJsonAsync(Positions.Base, Positions.Position(existing))).EnsureSuccessStatusCode();
        var mutations = new HostileMutations(Seed);
        var failures = new List<string>();

        for (var i = 0; i < PerShape; i++)
        {
            await Send(HttpMethod.Post, Positions.Base, mutations.Next(Positions.Position(Positions.Unique($"gen{i}"))), failures);
            await Send(HttpMethod.Post, PositionsV3.Base, mutations.Next(PositionsV3.Position(Positions.Unique($"gen3-{i}"))), failures);
            await Send(HttpMethod.Put, $"{Positions.Base}/{existing}", mutations.Next(Positions.Position(existing)), failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {3 * PerShape} answers broke the rule:\n{string.Join('\n', failures)}");
    }

    private async Task Send(HttpMethod method, string url, (string Body, string What) mutation, List<string> failures)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(mutation.Body, Encoding.UTF8, "application/json") };
        using var response = await _client.SendAsync(request);
        var status = (int)response.StatusCode;
        if (status >= 500)
            failures.Add($"{status} for {method} {mutation.What}: {await response.Content.ReadAsStringAsync()}");
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            failures.Add($"{status} without problem+json for {method} {mutation.What}");
    }
}
