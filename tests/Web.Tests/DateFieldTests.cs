using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The browser is an Italian user's (WebPlatform): the pages say they are Italian, and date fields read day first.
[Collection(WebCollection.Name)]
public sealed class DateFieldTests(WebPlatform web, ITestOutputHelper output)
{
    static DateFieldTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_back_office_page_declares_Italian_and_a_date_typed_day_month_year_is_that_day() =>
        await web.RunAsync(nameof(A_back_office_page_declares_Italian_and_a_date_typed_day_month_year_is_that_day), async checks =>
        {
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "lettore77");
            await page.GotoAsync("/backoffice/ricerca");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "it");
            Assert.Equal("it-IT", await page.EvaluateAsync<string>("navigator.language"));

            // Typed as an Italian types it: day, month, year. A browser laid out month first would read 31 as a month.
            await page.Locator("#due-from").PressSequentiallyAsync("31122026");

            await Expect(page.Locator("#due-from")).ToHaveValueAsync("2026-12-31");
            await checks.CheckAsync(page, "date-field-day-first");
        }, output);
}
