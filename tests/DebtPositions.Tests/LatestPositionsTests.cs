using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

public sealed class LatestPositionsTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();
    private static string Root(string ec) => $"/api/debt-positions/v1/organizations/{ec}/search/latest";

    [Fact]
    public async Task The_newest_positions_come_first_whole_and_at_most_as_many_as_asked()
    {
        var older = Positions.Position(Positions.Unique("latest-a"));
        var newer = Positions.Position(Positions.Unique("latest-b"));
        await _client.CreateAsync(older);
        await _client.CreateAsync(newer);

        var page = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?limit=50");
        var one = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?limit=1");

        var iupds = page.EnumerateArray().Select(p => p.GetProperty("iupd").GetString()).ToList();
        var (olderAt, newerAt) = (iupds.IndexOf(older["iupd"]!.GetValue<string>()), iupds.IndexOf(newer["iupd"]!.GetValue<string>()));
        Assert.True(newerAt >= 0 && olderAt > newerAt, string.Join(", ", iupds));
        Assert.All(page.EnumerateArray(), p => Assert.NotEmpty(p.GetProperty("paymentOption").EnumerateArray()));
        Assert.Single(one.EnumerateArray());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=51")]
    [InlineData("limit=ten")]
    public async Task A_limit_out_of_range_is_refused_with_the_field_named(string query)
    {
        var response = await _client.GetAsync($"{Root(DebtPositionsApp.Ec)}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("limit", out _), problem.ToString());
    }

    [Fact]
    public async Task A_caller_acting_for_another_ec_cannot_list_this_ecs_positions()
    {
        using var stranger = app.CreateClient().WithToken(TestCallers.For("12345678901", CallerRole.Read));

        var response = await stranger.GetAsync($"{Root(DebtPositionsApp.Ec)}?limit=5");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
