using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Tests;
using Microsoft.Playwright;
using Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The home's position figures come from DebtPositions' counts per status (one call for all positions, one for the
// last week's due window), shared for a few seconds per EC: the page is reloaded until they catch up.
[Collection(WebCollection.Name)]
public sealed class HomeFiguresTests(WebPlatform web, ITestOutputHelper output)
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    static HomeFiguresTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task The_home_shows_the_apis_count_of_every_status_and_counts_an_unpaid_notice_that_fell_due_three_days_ago_as_recently_overdue() =>
        await web.RunAsync(nameof(The_home_shows_the_apis_count_of_every_status_and_counts_an_unpaid_notice_that_fell_due_three_days_ago_as_recently_overdue), async checks =>
        {
            var gateway = web.Platform.Gateway;
            var late = await CreateAsync(gateway, "WEB-LATE-");
            await web.Platform.Database.ExecuteAsync($"""
                UPDATE debt_positions.payment_options SET due_date = now() - interval '3 days'
                WHERE position_id = (SELECT id FROM debt_positions.positions WHERE iupd = '{late}')
                """);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Rome).DateTime);
            var window = $"due_date_from={today.AddDays(-7):yyyy-MM-dd}&due_date_to={today.AddDays(-1):yyyy-MM-dd}";

            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "lettore77");
            string[] statuses = ["DRAFT", "VALID", "PARTIALLY_PAID", "PAID", "REPORTED", "EXPIRED", "INVALID"];
            var mismatch = "";
            var caughtUp = Eventually.TrueAsync(async () =>
            {
                var all = await CountsAsync(gateway, "");
                var due = await CountsAsync(gateway, "?" + window);
                await page.ReloadAsync();
                var shown = new List<string>();
                foreach (var status in statuses)
                    shown.Add($"{status}={(await page.Locator($"#count-{status}-{Platform.Ec}").InnerTextAsync()).Split(':')[1].Trim()}");
                var overdue = (await page.Locator($"#overdue-{Platform.Ec} .figure").InnerTextAsync()).Trim();
                var expected = statuses.Select(s => $"{s}={all.GetProperty(s).GetInt64()}").ToList();
                var recentlyOverdue = due.GetProperty("VALID").GetInt64() + due.GetProperty("PARTIALLY_PAID").GetInt64();
                mismatch = $"home {string.Join(' ', shown)} overdue={overdue}; API {string.Join(' ', expected)} overdue={recentlyOverdue}";
                return shown.SequenceEqual(expected) && overdue == recentlyOverdue.ToString(CultureInfo.InvariantCulture) && recentlyOverdue >= 1;
            }, TimeSpan.FromSeconds(60), "the home shows the API's counts");
            try { await caughtUp; }
            finally { output.WriteLine(mismatch); }
            await checks.CheckAsync(page, "home-counts");
        }, output);

    private static async Task<JsonElement> CountsAsync(HttpClient gateway, string query) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"/api/debt-positions/v1/organizations/{Platform.Ec}/position-counts{query}")).GetProperty("byStatus");

    private static async Task<string> CreateAsync(HttpClient gateway, string prefix)
    {
        var iupd = prefix + Guid.NewGuid().ToString("N")[..10];
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions?toPublish=true", new
        {
            iupd, type = "F", fiscalCode = "RSSMRA80A01H501U", fullName = "Mario Rossi", companyName = "Comune di Prova", switchToExpired = false,
            paymentOption = new[]
            {
                new
                {
                    amount = 1_500, description = "Mensa 2026", isPartialPayment = false,
                    dueDate = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd'T'12:00:00'Z'", CultureInfo.InvariantCulture), fee = 0,
                    transfer = new[] { new { idTransfer = "1", amount = 1_500, remittanceInformation = "Mensa 2026", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" } },
                },
            },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return iupd;
    }
}
