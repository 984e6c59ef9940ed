using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// The search by name finds jointly liable debtors (a notice's own debtor) too (ADR 0094).
public sealed class CoDebtorSearchTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();
    private static string Root(string ec) => $"/api/debt-positions/v1/organizations/{ec}/search/by-name";

    [Fact]
    public async Task Part_of_a_jointly_liable_debtors_name_finds_their_positions_once_newest_first_beside_the_main_debtors()
    {
        var surname = "Chiaramonte" + Guid.NewGuid().ToString("N")[..6];
        var asMain = Positions.Position(Positions.Unique("cod-a"));
        asMain["fullName"] = $"Lucia {surname}";
        var asCoDebtor = Positions.Position(Positions.Unique("cod-b"), Positions.Option(5_000), Positions.Option(7_000));
        asCoDebtor["fullName"] = "Autonoleggio Srl";
        asCoDebtor["paymentOption"]![1]!["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = "VRDGPP70M10F205O", ["fullName"] = $"PIETRO {surname.ToUpperInvariant()}" };
        // Both: found once, not once per way it matches.
        var asBoth = Positions.Position(Positions.Unique("cod-c"), Positions.Option(5_000), Positions.Option(7_000));
        asBoth["fullName"] = $"Anna {surname}";
        asBoth["paymentOption"]![0]!["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = "VRDGPP70M10F205O", ["fullName"] = $"Marco {surname}" };
        var unrelated = Positions.Position(Positions.Unique("cod-d"), Positions.Option(5_000), Positions.Option(7_000));
        unrelated["paymentOption"]![1]!["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = "VRDGPP70M10F205O", ["fullName"] = "Pietro Chiara" };
        await _client.CreateAsync(asMain);
        await _client.CreateAsync(asCoDebtor);
        await _client.CreateAsync(asBoth);
        await _client.CreateAsync(unrelated);

        var found = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString(surname.ToLowerInvariant())}");
        var limited = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString(surname)}&limit=2");

        Assert.Equal([asBoth["iupd"]!.GetValue<string>(), asCoDebtor["iupd"]!.GetValue<string>(), asMain["iupd"]!.GetValue<string>()],
            found.EnumerateArray().Select(p => p.GetProperty("iupd").GetString()!));
        Assert.Equal(2, limited.GetArrayLength());
    }

    [Fact]
    public async Task A_jointly_liable_debtors_name_is_a_literal_and_stays_inside_its_ec()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var literal = Positions.Position(Positions.Unique("cod-pct"), Positions.Option(5_000), Positions.Option(7_000));
        literal["paymentOption"]![1]!["debtor"] = new JsonObject { ["type"] = "G", ["fiscalCode"] = "15376371009", ["fullName"] = $"Soci_{tag} 100%" };
        await _client.CreateAsync(literal);

        var wildcard = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString($"Soc%{tag}")}");
        var exact = await _client.GetFromJsonAsync<JsonElement>($"{Root(DebtPositionsApp.Ec)}?name={Uri.EscapeDataString($"soci_{tag} 100%")}");
        var elsewhere = await _client.GetFromJsonAsync<JsonElement>($"{Root("88888888888")}?name={Uri.EscapeDataString($"soci_{tag}")}");

        Assert.Empty(wildcard.EnumerateArray());
        Assert.Equal(literal["iupd"]!.GetValue<string>(), Assert.Single(exact.EnumerateArray()).GetProperty("iupd").GetString());
        Assert.Empty(elsewhere.EnumerateArray());
    }
}
