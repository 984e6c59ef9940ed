using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Actualisation.Tests;

public sealed class PreviewApiTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    [Fact]
    public async Task Today_is_the_Rome_calendar_day_so_just_after_midnight_in_Rome_day_6_already_pays_the_ordinary_amount()
    {
        // 2026-03-15T23:30Z is 2026-03-16 00:30 in Rome (CET): day 6 after a notification on 2026-03-10.
        app.Time.Set(new DateTimeOffset(2026, 3, 15, 23, 30, 0, TimeSpan.Zero));
        try
        {
            var response = await app.CreateClient().PostAsJsonAsync("/api/actualisation/preview",
                new { rule = "fine-5-60", amountCents = 4_200, notificationDate = "2026-03-10" });

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("2026-03-16", body.GetProperty("on").GetString());
            Assert.Equal("ordinary", body.GetProperty("amountOn").GetProperty("reason").GetString());
            Assert.Equal(4_200, body.GetProperty("amountOn").GetProperty("amountCents").GetInt64());
        }
        finally
        {
            app.Time.Set(null);
        }
    }

    [Fact]
    public async Task A_preview_on_day_5_is_reduced_and_on_day_61_increased()
    {
        var client = app.CreateClient();
        async Task<long> AmountOn(string day) => (await (await client.PostAsJsonAsync("/api/actualisation/preview",
                new { rule = "fine-5-60", amountCents = 4_200, notificationDate = "2026-03-10", on = day }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amountOn").GetProperty("amountCents").GetInt64();

        Assert.Equal(2_940, await AmountOn("2026-03-15"));
        Assert.Equal(8_400, await AmountOn("2026-05-10"));
    }

    [Fact]
    public async Task Bad_previews_are_validation_problems_naming_the_field()
    {
        var client = app.CreateClient();
        var noDate = await client.PostAsJsonAsync("/api/actualisation/preview", new { rule = "fine-5-60", amountCents = 4_200 });
        var unknown = await client.PostAsJsonAsync("/api/actualisation/preview", new { rule = "surprise", amountCents = 4_200 });
        var badSum = await client.PostAsJsonAsync("/api/actualisation/preview",
            new { amountCents = 4_200, transfers = new[] { new { idTransfer = 1, amountCents = 100 } } });

        foreach (var (response, field) in new[] { (noDate, "notificationDate"), (unknown, "rule"), (badSum, "transfers") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
        }
    }
}
