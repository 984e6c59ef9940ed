using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace Actualisation.Tests.Formal;

// Notices under FINE-CDS with the EC's rule table, over the real bus and database.
public sealed class RuleTableSchedulesTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    private const string Ec = "12312312312";

    // A fine notified yesterday (Rome), so the reduced step is always the first one, whatever the calendar.
    private static DebtPositionChanged Fine(string iupd, string iuv, long version = 1)
    {
        var notified = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Date).AddDays(-1);
        return new(new DebtPositionSnapshot(Ec, iupd, "VALID", version, "Comune di Demo", null, new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false,
        [
            new PaymentOptionSnapshot(iuv, "3" + iuv, 5_200, "Verbale", notified.AddDays(60), null, false, "PO_UNPAID", null,
            [
                new TransferSnapshot(1, 4_200, Ec, null, "Sanzione", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                new TransferSnapshot(2, 1_000, Ec, null, "Spese di notifica", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
            ], new Dictionary<string, string> { ["actualisation.X"] = "17300" }, "FINE-CDS", notified),
        ]), DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow);
    }

    private Task<HttpResponseMessage> PutTable(int reductionPercent, bool applyToOpen) =>
        app.CreateClient().PutAsJsonAsync($"/api/actualisation/organizations/{Ec}/rule-tables/FINE-CDS",
            new { rule = "FINE-CDS", parameters = new { reductionPercent }, applyToOpenPositions = applyToOpen, note = $"reduction {reductionPercent}%" });

    private Task<int> PinnedVersion(string iuv) => app.Database.ScalarAsync<int>($"SELECT table_version FROM actualisation.amount_schedules WHERE iuv = '{iuv}'");

    [Fact]
    public async Task A_new_table_version_applies_to_later_notices_and_to_open_ones_only_when_the_operator_says_so()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await bus.ObserveAsync<AmountScheduleComputed>();
        _ = app.Server;
        const string first = "01000000000000951", second = "01000000000000952";

        Assert.Equal(HttpStatusCode.Created, (await PutTable(30, false)).StatusCode);
        await bus.PublishAsync(Fine("IUPD-TAB-1", first));
        var v1 = await computed.WaitForAsync(s => s.Iuv == first);
        Assert.Equal((2_940 + 1_000, "reduced"), (v1.Steps[0].AmountCents, v1.Steps[0].Reason));
        Assert.Equal([new TransferAmount(1, 2_940), new TransferAmount(2, 1_000)], v1.Steps[0].Transfers);
        Assert.Contains(v1.Steps[0].Components!, c => c is { Name: "sanction", AmountCents: 2_940 });

        Assert.Equal(HttpStatusCode.Created, (await PutTable(20, false)).StatusCode);
        await bus.PublishAsync(Fine("IUPD-TAB-2", second));
        var v2 = await computed.WaitForAsync(s => s.Iuv == second);
        Assert.Equal(3_360 + 1_000, v2.Steps[0].AmountCents);
        // A later change of the first position keeps the version its notice was issued with.
        await bus.PublishAsync(Fine("IUPD-TAB-1", first, version: 2));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT position_version FROM actualisation.amount_schedules WHERE iuv = '{first}'") == 2, TimeSpan.FromSeconds(20), "version 2 processed");
        Assert.Equal((1, 2), (await PinnedVersion(first), await PinnedVersion(second)));

        var applied = await PutTable(10, true);
        var view = await applied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 2), (view.GetProperty("version").GetInt32(), view.GetProperty("recomputed").GetInt32()));
        var reissued = await computed.WaitForAsync(s => s.Iuv == first && s.Steps[0].AmountCents == 3_780 + 1_000);
        Assert.Equal(3_780, reissued.Steps[0].Transfers[0].AmountCents);
        Assert.Equal((3, 3), (await PinnedVersion(first), await PinnedVersion(second)));

        var history = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/actualisation/organizations/{Ec}/rule-tables/FINE-CDS/versions");
        Assert.Equal([1, 2, 3], history.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.All(history.EnumerateArray(), v => Assert.Equal("test-suite", v.GetProperty("changedBy").GetString()));
        Assert.Equal([false, false, true], history.EnumerateArray().Select(v => v.GetProperty("appliesToOpenPositions").GetBoolean()));
    }

    [Fact]
    public async Task A_table_with_a_bad_parameter_or_rule_is_refused_naming_the_field_and_a_missing_table_is_a_404()
    {
        var client = app.CreateClient();
        var bad = await client.PutAsJsonAsync($"/api/actualisation/organizations/{Ec}/rule-tables/tari",
            new { rule = "TAX-LATE", parameters = new { longTierEnd = "never" }, legalRates = new[] { new { from = "2026-01-01", ratePercent = -1 } } });
        var unknown = await client.PutAsJsonAsync($"/api/actualisation/organizations/{Ec}/rule-tables/tari", new { rule = "fine-5-60" });
        var missing = await client.GetAsync($"/api/actualisation/organizations/{Ec}/rule-tables/nothing-here");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("legalRates[0].ratePercent", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var badParameter = await client.PutAsJsonAsync($"/api/actualisation/organizations/{Ec}/rule-tables/tari",
            new { rule = "TAX-LATE", parameters = new { longTierEnd = "never" } });
        Assert.True((await badParameter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("parameters.longTierEnd", out _));
    }
}
