using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace DebtPositions.Tests;

// GET …/position-counts: the EC's positions per status in one call, optionally those due in a window.
public sealed class PositionCountsTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Counts = $"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/position-counts";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Counts_name_every_status_and_agree_with_the_list_and_the_due_window_keeps_only_positions_due_in_it()
    {
        await _client.CreateAsync(Positions.Position(Positions.Unique("cnt-draft")), publish: false);
        await _client.CreateAsync(Positions.Position(Positions.Unique("cnt-valid1")));
        await _client.CreateAsync(Positions.Position(Positions.Unique("cnt-valid2"), Positions.Option(1_000, dueInDays: 3), Positions.Option(2_000, dueInDays: 40)));
        var cancelled = Positions.Position(Positions.Unique("cnt-invalid"));
        await _client.CreateAsync(cancelled);
        (await _client.PostAsync($"{Positions.Base}/{cancelled["iupd"]}/invalidate", null)).EnsureSuccessStatusCode();

        var all = await _client.GetFromJsonAsync<JsonElement>(Counts);

        var byStatus = all.GetProperty("byStatus").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(["DRAFT", "EXPIRED", "INVALID", "PAID", "PARTIALLY_PAID", "PUBLISHED", "REPORTED", "VALID"], byStatus.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1L, 2L, 1L, 0L), (byStatus["DRAFT"], byStatus["VALID"], byStatus["INVALID"], byStatus["PAID"]));
        Assert.Equal(4, all.GetProperty("total").GetInt64());
        foreach (var (status, count) in byStatus)
        {
            var listed = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}?limit=1&status={status}");
            Assert.Equal(count, listed.GetProperty("page_info").GetProperty("total_pages").GetInt64());
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var soon = await _client.GetFromJsonAsync<JsonElement>($"{Counts}?due_date_from={today:yyyy-MM-dd}&due_date_to={today.AddDays(10):yyyy-MM-dd}");
        Assert.Equal(1, soon.GetProperty("byStatus").GetProperty("VALID").GetInt64());
        Assert.Equal(1, soon.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("?due_date_from=2026-03-10&due_date_to=2026-03-01", "due_date_from")]
    [InlineData("?due_date_from=2026-01-01&due_date_to=2026-03-01", "due_date_to")]
    [InlineData("?due_date_from=1200-01-01", "due_date_from")]
    public async Task A_reversed_too_wide_or_far_fetched_due_window_is_refused_with_the_field_named(string query, string field)
    {
        var response = await _client.GetAsync(Counts + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_date_that_is_not_a_date_is_refused_as_a_bad_request()
    {
        var response = await _client.GetAsync(Counts + "?due_date_from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
