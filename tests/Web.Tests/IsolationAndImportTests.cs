using System.Net.Http.Json;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

[Collection(WebCollection.Name)]
public sealed class IsolationAndImportTests(WebPlatform web, ITestOutputHelper output)
{
    static IsolationAndImportTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_operator_of_another_EC_gets_not_found_for_the_position_its_notice_and_its_search() =>
        await web.RunAsync(nameof(An_operator_of_another_EC_gets_not_found_for_the_position_its_notice_and_its_search), async checks =>
        {
            var iupd = "WEB-ISO-" + Guid.NewGuid().ToString("N")[..10];
            var created = await web.Platform.Gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions?toPublish=true", Positions.OneNotice(iupd));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var nav = Positions.FirstNav(await created.Content.ReadAsStringAsync());

            // The owner's operator sees it.
            var owner = await checks.NewPageAsync();
            await Journeys.SignInAsync(owner, checks, "operatore77");
            var response = await owner.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}");
            Assert.Equal(200, response!.Status);
            await Expect(owner.Locator("h1")).ToContainTextAsync(iupd);

            // Another EC's operator: the page, the notice PDF and the search all answer as if it did not exist.
            var other = await checks.NewPageAsync();
            await Journeys.SignInAsync(other, checks, "operatore88");
            response = await other.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}");
            Assert.Equal(404, response!.Status);
            await Expect(other.Locator("h1")).ToHaveTextAsync("Posizione non trovata");
            Assert.DoesNotContain("Mario Rossi", await other.ContentAsync(), StringComparison.Ordinal);
            await checks.CheckAsync(other, "other-ec-not-found");
            var notice = await other.APIRequest.GetAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}?handler=Notice&nav={nav}");
            Assert.Equal(404, notice.Status);

            await other.GotoAsync("/backoffice/ricerca");
            Assert.Equal([Platform.OtherEc], await other.Locator("#organization option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
            await other.FillAsync("#value", nav);
            await other.GetByRole(AriaRole.Button, new() { Name = "Cerca", Exact = true }).ClickAsync();
            await Expect(other.Locator("h2[aria-live]")).ToContainTextAsync("0");
            await checks.CheckAsync(other, "other-ec-search");
        }, output);

    [Fact]
    public async Task An_imports_progress_bar_moves_to_100_percent_the_rejected_row_can_be_downloaded_and_the_home_lists_it_for_its_EC_only() =>
        await web.RunAsync(nameof(An_imports_progress_bar_moves_to_100_percent_the_rejected_row_can_be_downloaded_and_the_home_lists_it_for_its_EC_only), async checks =>
        {
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "operatore77");
            await page.GotoAsync("/backoffice/importazioni");
            await checks.CheckAsync(page, "import-form");

            var file = Path.Combine(checks.Folder, "import.csv");
            await File.WriteAllTextAsync(file, Positions.Csv(rows: 300, badRows: 1));
            await page.SetInputFilesAsync("#file", file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Carica" }).ClickAsync();
            await page.WaitForURLAsync("**/backoffice/importazioni/*/*");
            await checks.CheckAsync(page, "import-started");
            await Expect(page.Locator("#import-status")).ToHaveTextAsync("COMPLETED", new() { Timeout = 120_000 });
            await Expect(page.Locator("#import-percent")).ToHaveTextAsync("100%");
            await Expect(page.Locator("#import-progress")).ToHaveAttributeAsync("value", "100");
            await checks.CheckAsync(page, "import-finished");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Scarica le righe scartate (CSV)" }).ClickAsync());
            var rejected = Path.Combine(checks.Folder, "rejected.csv");
            await download.SaveAsAsync(rejected);
            Assert.Contains("WEB-IMP-BAD", await File.ReadAllTextAsync(rejected), StringComparison.Ordinal);

            // The home lists the EC's latest imports with their progress; another EC's operator does not see this one.
            var id = page.Url.Split('/')[^1];
            await page.GotoAsync("/backoffice");
            var listed = page.Locator($"#import-{id}");
            await Expect(listed.Locator(".import-status")).ToHaveTextAsync("COMPLETED");
            await Expect(listed.Locator("progress")).ToHaveAttributeAsync("value", "100");
            await checks.CheckAsync(page, "home-imports");
            var other = await checks.NewPageAsync();
            await Journeys.SignInAsync(other, checks, "operatore88");
            await Expect(other.Locator($"#imports-{Platform.OtherEc}")).ToBeVisibleAsync();
            await Expect(other.Locator($"#import-{id}")).ToHaveCountAsync(0);
        }, output);
}
