using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Cancel and re-issue one position for coercive collection, with the amounts of Actualisation's COERCIVE rule.
public sealed class CoerciveReissueTests(CoerciveApp app) : IClassFixture<CoerciveApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_reissued_position_is_cancelled_and_its_successor_asks_the_debt_plus_3_percent_and_the_costs_with_lineage_both_ways()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await DebtPositionEvents.ChangesAsync(bus);
        var iupd = Positions.Unique("coe");
        var old = await _client.CreateAsync(Coercive.TwoBeneficiaries(iupd));

        var response = await Coercive.ReissueAsync(_client, iupd, new { costsCents = 500 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var successor = await response.Content.ReadFromJsonAsync<JsonElement>();
        var newIupd = iupd + "-R";
        Assert.EndsWith($"/debtpositions/{newIupd}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(("VALID", iupd), (successor.Status(), successor.GetProperty("reissueOf").GetString()));
        var notice = successor.GetProperty("paymentOption")[0];
        // S = 14,050; 3% = 421.50 → 422 (half up); + 500 costs. The charges and costs go to the EC's own transfer.
        Assert.Equal(14_972, notice.GetProperty("amount").GetInt64());
        Assert.Equal("COERCIVE", notice.GetProperty("actualisationRule").GetString());
        Assert.NotEqual(old.Iuv(), notice.GetProperty("iuv").GetString());
        Assert.Equal([("1", 12_972L), ("2", 2_000L)], Coercive.Transfers(notice));
        var metadata = Coercive.Metadata(notice);
        Assert.Equal(("14050", "422", "500", "0"), (metadata["coercive.capital"], metadata["coercive.charges"], metadata["coercive.costs"], metadata["coercive.interest"]));
        Assert.Equal(old.GetProperty("paymentOption")[0].GetProperty("nav").GetString(), metadata["coercive.replacedNotice"]);

        var cancelled = await _client.ReadAsync(iupd);
        Assert.Equal(("INVALID", newIupd), (cancelled.Status(), cancelled.GetProperty("reissuedAs").GetString()));
        Assert.Contains(await Coercive.HistoryAsync(_client, iupd), h => h.Change == "invalidated" && h.Detail!.Contains(newIupd, StringComparison.Ordinal));
        Assert.Contains(await Coercive.HistoryAsync(_client, newIupd), h => h.Change == "created" && h.Detail!.Contains(iupd, StringComparison.Ordinal));

        // The station learns both from the events: the old notice cancelled, the new one payable under the COERCIVE rule.
        await changes.SettleAsync(app.Database);
        Assert.Equal(("invalidated", "INVALID"), (changes.Of(iupd)[^1].Change, changes.Of(iupd)[^1].Position.Status));
        var published = Assert.Single(changes.Of(newIupd));
        Assert.Equal((DebtPositionChanges.Published, 14_972L, "COERCIVE"),
            (published.Change, published.Position.Options[0].AmountCents, published.Position.Options[0].ActualisationRule));
    }

    [Fact]
    public async Task A_fine_past_day_60_is_reissued_on_its_amount_of_the_day_not_on_its_printed_amount()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await using var actualisationBus = await TestBus.StartAsync(app.Actualisation.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("fine-day");
        var fine = Positions.Option(5_450, transfers: [Positions.Transfer("1", 4_200), Positions.Transfer("2", 1_250)]);
        fine["actualisationRule"] = "FINE-CDS";
        fine["notificationDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-100)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        fine["paymentOptionMetadata"] = new JsonArray(new JsonObject { ["key"] = "actualisation.X", ["value"] = "17300" });
        var created = await _client.CreateAsync(Positions.Position(iupd, fine));
        // Actualisation keeps the fine's schedule from the position's event, as on the platform (here on its own vhost: relayed).
        await actualisationBus.PublishAsync(await changes.WaitForAsync(c => c.Position.Iupd == iupd));
        using var actualisation = app.Actualisation.CreateClient();
        await Eventually.TrueAsync(async () => (await actualisation.GetAsync(
            $"/api/actualisation/organizations/{DebtPositionsApp.Ec}/notices/{created.Iuv()}/schedule")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the fine's schedule");

        var response = await Coercive.ReissueAsync(_client, iupd, new { });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var notice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentOption")[0];
        // Day 100 after notification (RULES.md §3.7): half the maximum 86.50 + one semester's 10% 8.65 = 95.15 € on the sanction,
        // + 12.50 € costs = 107.65 €, not the printed 54.50 €. Charges: 3% of 107.65 = 3.2295 → 3.23 € on the EC's transfer.
        Assert.Equal("10765", Coercive.Metadata(notice)["coercive.capital"]);
        Assert.Equal([("1", 9_515 + 323L), ("2", 1_250L)], Coercive.Transfers(notice));
        Assert.Equal(10_765 + 323, notice.GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_position_is_reissued_once_and_a_cancelled_one_cannot_be_revalidated()
    {
        var iupd = Positions.Unique("once");
        await _client.CreateAsync(Positions.Position(iupd));
        Assert.Equal(HttpStatusCode.Created, (await Coercive.ReissueAsync(_client, iupd, new { })).StatusCode);

        var again = await Coercive.ReissueAsync(_client, iupd, new { newIupd = iupd + "-BIS" });
        var revalidated = await _client.PostAsync($"{Positions.Base}/{iupd}/revalidate", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already re-issued", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{iupd}-BIS")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revalidated.StatusCode);
        Assert.Equal("INVALID", (await _client.ReadAsync(iupd)).Status());
    }

    [Fact]
    public async Task A_reissue_repeated_with_its_Idempotency_Key_answers_the_first_successor_and_the_key_with_other_terms_is_a_422()
    {
        var iupd = Positions.Unique("idem");
        await _client.CreateAsync(Positions.Position(iupd));
        var key = "reissue-" + Guid.NewGuid().ToString("N");

        var first = await KeyedReissueAsync(iupd, key, new { costsCents = 300 });
        var repeat = await KeyedReissueAsync(iupd, key, new { costsCents = 300 });
        var otherTerms = await KeyedReissueAsync(iupd, key, new { costsCents = 400 });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, repeat.StatusCode));
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await repeat.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal((a.GetProperty("iupd").GetString(), a.GetProperty("paymentOption")[0].GetProperty("nav").GetString()),
            (b.GetProperty("iupd").GetString(), b.GetProperty("paymentOption")[0].GetProperty("nav").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherTerms.StatusCode);
        Assert.Equal("application/problem+json", otherTerms.Content.Headers.ContentType?.MediaType);
        Assert.Single(await Coercive.HistoryAsync(_client, iupd), h => h.Change == "invalidated");
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE reissue_of = '{iupd}'"));
    }

    private async Task<HttpResponseMessage> KeyedReissueAsync(string iupd, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Positions.Base}/{iupd}/reissue") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Bad_terms_an_unknown_position_and_a_draft_are_problems_and_change_nothing()
    {
        var draft = Positions.Unique("draft");
        await _client.CreateAsync(Positions.Position(draft), publish: false);

        var bad = await Coercive.ReissueAsync(_client, draft, new { costsCents = -1, newIupd = "a/b", dueDate = "2001-01-01" });
        var unknown = await Coercive.ReissueAsync(_client, Positions.Unique("none"), new { });
        var notPublished = await Coercive.ReissueAsync(_client, draft, new { });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["costsCents", "dueDate", "newIupd"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notPublished.StatusCode);
        Assert.All(new[] { bad, unknown, notPublished }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal("DRAFT", (await _client.ReadAsync(draft)).Status());
    }

    [Fact]
    public async Task Hostile_bodies_for_a_reissue_and_a_bulk_job_get_a_4xx_problem_and_change_nothing()
    {
        var iupd = Positions.Unique("hostile");
        await _client.CreateAsync(Positions.Position(iupd));
        string[] bodies =
        [
            "", "null", "[]", "{", "\"x\"", """{"costsCents":"12"}""", """{"costsCents":1e99}""", """{"costsCents":99999999999999999999}""",
            """{"enforceableFrom":"2026-02-30"}""", """{"enforceableFrom":"0001-01-01"}""", """{"dueDate":"9999-12-31"}""", """{"moraInterest":"yes"}""",
            """{"newIupd":""}""", """{"newIupd":"x\u0000y"}""", """{"costsCents":1,"costsCents":2}""",
            // Unknown to the single re-issue, so each also carries a bad field both endpoints know.
            """{"revenueType":"TARI","overdueBefore":"never","costsCents":-1}""",
            JsonSerializer.Serialize(new { revenueType = new string('a', 101), overdueBefore = "2026-01-01", costsCents = -1 }),
        ];
        var failures = new List<string>();
        foreach (var body in bodies)
        foreach (var url in new[] { $"{Positions.Base}/{iupd}/reissue", $"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/coercive/reissues" })
        {
            using var response = await _client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{status} {response.Content.Headers.ContentType?.MediaType} for {url} {body}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal("VALID", (await _client.ReadAsync(iupd)).Status());
    }
}

// Helpers of the coercive tests.
internal static class Coercive
{
    public const string OtherEc = "88888888888";

    // 14,050 cents: 12,050 to the EC's IBAN (transfer 1), 2,000 to another EC (transfer 2).
    public static JsonObject TwoBeneficiaries(string iupd, string? revenueType = null, int dueInDays = 30)
    {
        var other = Positions.Transfer("2", 2_000);
        other["organizationFiscalCode"] = OtherEc;
        var position = Positions.Position(iupd, Positions.Option(14_050, dueInDays: dueInDays, transfers: [Positions.Transfer("1", 12_050), other]));
        if (revenueType is not null) position["revenueType"] = revenueType;
        return position;
    }

    public static Task<HttpResponseMessage> ReissueAsync(HttpClient client, string iupd, object body) =>
        client.PostAsJsonAsync($"{Positions.Base}/{iupd}/reissue", body);

    public static List<(string Id, long Amount)> Transfers(JsonElement notice) =>
        [.. notice.GetProperty("transfer").EnumerateArray().Select(t => (t.GetProperty("idTransfer").GetString()!, t.GetProperty("amount").GetInt64()))];

    public static Dictionary<string, string> Metadata(JsonElement notice) => notice.GetProperty("paymentOptionMetadata").EnumerateArray()
        .ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetString()!);

    public static async Task<List<(string Change, string? Detail)>> HistoryAsync(HttpClient client, string iupd) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"{Positions.Base}/{iupd}/history")).EnumerateArray()
            .Select(h => (h.GetProperty("change").GetString()!, h.GetProperty("detail").GetString()))];
}
