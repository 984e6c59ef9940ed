using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// A position re-issued for coercive collection (ADR 0049): each page links to the other.
[Collection(WebCollection.Name)]
public sealed class LineageTests(WebPlatform web, ITestOutputHelper output)
{
    static LineageTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_reissued_positions_page_links_to_its_successor_and_the_successors_page_links_back() =>
        await web.RunAsync(nameof(A_reissued_positions_page_links_to_its_successor_and_the_successors_page_links_back), async checks =>
        {
            var positions = $"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions";
            var iupd = "WEB-LIN-" + Guid.NewGuid().ToString("N")[..10];
            var created = await web.Platform.Gateway.PostAsJsonAsync(positions + "?toPublish=true", Positions.OneNotice(iupd));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var reissued = await web.Platform.Gateway.PostAsJsonAsync($"{positions}/{iupd}/reissue", new { costsCents = 500 });
            Assert.True(reissued.StatusCode == HttpStatusCode.Created, await reissued.Content.ReadAsStringAsync());
            var successor = (string)JsonNode.Parse(await reissued.Content.ReadAsStringAsync())!["iupd"]!;

            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "operatore77");
            await page.GotoAsync($"/backoffice/posizioni/{Platform.Ec}/{iupd}");
            await Expect(page.Locator("#lineage")).ToContainTextAsync("Riemessa come");
            await checks.CheckAsync(page, "reissued-position");

            await page.Locator("#lineage").GetByRole(AriaRole.Link, new() { Name = successor, Exact = true }).ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync(successor);
            await Expect(page.Locator("#lineage")).ToContainTextAsync("Riemissione di");
            await checks.CheckAsync(page, "successor-position");

            await page.Locator("#lineage").GetByRole(AriaRole.Link, new() { Name = iupd, Exact = true }).ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync(iupd);
        }, output);
}
