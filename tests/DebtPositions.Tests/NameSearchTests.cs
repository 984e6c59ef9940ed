using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

public sealed class NameSearchTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();
    private static string Root(string ec) => $"/api/debt-positions/v1/organizations/{ec}/search/by-name";

    [Fact]
    public async Task Part_of_a_debtors_name_in_any_case_finds_their_positions_newest_first_and_no_one_elses()
    {
        var surname = "Zanardelli" + Guid.NewGuid().ToString("N")[..6];
        var older = Positions.Position(Positions.Unique("name-a"));
        older["fullName"] = $"Giovanna {surname}";
        var newer = Positions.Position(Positions.Unique("name-b"));
        newer["fullName"] = $"GIOVANNA {surname.ToUpperInvariant()} in Bassi";
        var other = Positions.Position(Positions.Unique("name-c"));
        other["fullName"] = $"Giovanni {surname}x";
        await _client.CreateAsync(older);
        await _client.CreateAsync(newer);
        await _client.CreateAsync(other);

        var found = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString($"  vanna {surname[..^2].ToLowerInvariant()}")}");

        Assert.Equal([newer["iupd"]!.GetValue<string>(), older["iupd"]!.GetValue<string>()],
            found.EnumerateArray().Select(p => p.GetProperty("iupd").GetString()!));
        Assert.All(found.EnumerateArray(), p => Assert.NotEmpty(p.GetProperty("paymentOption").EnumerateArray()));
    }

    [Fact]
    public async Task Percent_and_underscore_are_letters_in_a_name_not_wildcards()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var literal = Positions.Position(Positions.Unique("name-pct"));
        literal["fullName"] = $"Ditta 100% {tag}";
        var lookalike = Positions.Position(Positions.Unique("name-pct"));
        lookalike["fullName"] = $"Ditta 100 {tag}";
        await _client.CreateAsync(literal);
        await _client.CreateAsync(lookalike);

        var found = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString($"100% {tag}")}");
        var underscore = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString($"Ditta 10_ {tag}")}");

        Assert.Equal(literal["iupd"]!.GetValue<string>(), Assert.Single(found.EnumerateArray()).GetProperty("iupd").GetString());
        Assert.Empty(underscore.EnumerateArray());
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("ab", "name")]
    [InlineData("  ab  ", "name")]
    [InlineData("rossi&limit=0", "limit")]
    [InlineData("rossi&limit=51", "limit")]
    public async Task Too_short_a_name_or_a_limit_out_of_range_is_refused_with_the_field_named(string query, string field)
    {
        var response = await _client.GetAsync($"{Root(DebtPositionsApp.Ec)}?name={query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_caller_acting_for_another_ec_cannot_search_this_ecs_names()
    {
        using var stranger = app.CreateClient().WithToken(TestCallers.For("12345678901", CallerRole.Read));

        var response = await stranger.GetAsync($"{Root(DebtPositionsApp.Ec)}?name=rossi");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
