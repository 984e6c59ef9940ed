using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Actualisation.Tests;

// A preview is a pure computation: no input may make it overflow into a 500.
public sealed class HostileInputTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Transfers_whose_sum_overflows_are_a_400_naming_the_amounts()
    {
        var half = long.MaxValue / 2 + 1;
        var errors = await ErrorsOf(await _client.PostAsJsonAsync("/api/actualisation/preview", new
        {
            amountCents = 1_000,
            transfers = new[] { new { idTransfer = 1, amountCents = half }, new { idTransfer = 2, amountCents = half } },
        }));

        Assert.True(errors.TryGetProperty("transfers[0].amountCents", out _), errors.ToString());
    }

    [Fact]
    public async Task An_amount_above_the_pagoPA_maximum_is_a_400()
    {
        var errors = await ErrorsOf(await _client.PostAsJsonAsync("/api/actualisation/preview", new { amountCents = long.MaxValue }));

        Assert.Contains("99999999999", errors.GetProperty("amountCents")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_increased_fine_that_would_overflow_the_step_total_is_a_400()
    {
        var errors = await ErrorsOf(await _client.PostAsJsonAsync("/api/actualisation/preview", new
        {
            rule = "fine-5-60", amountCents = 4_200, notificationDate = "2026-03-10",
            metadata = new Dictionary<string, string> { ["actualisation.increasedAmountCents"] = long.MaxValue.ToString() },
        }));

        Assert.True(errors.TryGetProperty("actualisation.increasedAmountCents", out _), errors.ToString());
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_notification_date_at_the_end_of_the_calendar_is_a_400(string day)
    {
        var errors = await ErrorsOf(await _client.PostAsJsonAsync("/api/actualisation/preview",
            new { rule = "fine-5-60", amountCents = 4_200, notificationDate = day }));

        Assert.True(errors.TryGetProperty("notificationDate", out _), errors.ToString());
    }

    [Fact]
    public async Task A_control_character_in_a_metadata_value_is_a_400_naming_it()
    {
        var errors = await ErrorsOf(await _client.PostAsJsonAsync("/api/actualisation/preview",
            new { amountCents = 4_200, metadata = new Dictionary<string, string> { ["note"] = "a\u0000b" } }));

        Assert.True(errors.TryGetProperty("metadata.note", out _), errors.ToString());
    }

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }
}
