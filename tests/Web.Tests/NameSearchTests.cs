using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flows.Tests;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The back office's search by part of the debtor's name, in any case (DebtPositions' search/by-name).
[Collection(WebCollection.Name)]
public sealed class NameSearchTests(WebPlatform web, ITestOutputHelper output)
{
    static NameSearchTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Part_of_a_debtors_name_in_lower_case_finds_their_positions_not_a_lookalikes_and_stays_out_of_the_url() =>
        await web.RunAsync(nameof(Part_of_a_debtors_name_in_lower_case_finds_their_positions_not_a_lookalikes_and_stays_out_of_the_url), async checks =>
        {
            var surname = "Quercioli" + Guid.NewGuid().ToString("N")[..6];
            var first = await CreateAsync($"Ottavia {surname}");
            var second = await CreateAsync($"OTTAVIA {surname.ToUpperInvariant()} ved. Neri");
            var lookalike = await CreateAsync($"Ottavio {surname}");
            var jointlyLiable = await CreateAsync("Autonoleggio Srl", coDebtor: $"Ottavia {surname} Bassi");
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "lettore77");
            await page.GotoAsync("/backoffice/ricerca");

            await page.SelectOptionAsync("#kind", "name");
            await page.FillAsync("#value", $"tavia {surname.ToLowerInvariant()}");
            await SearchAsync(page);

            await Expect(page.Locator("#results")).ToContainTextAsync(first);
            await Expect(page.Locator("#results")).ToContainTextAsync(second);
            await Expect(page.Locator("#results")).ToContainTextAsync("ved. Neri");
            // A jointly liable debtor (a notice's own debtor) is found too, under the position's main debtor.
            await Expect(page.Locator("#results")).ToContainTextAsync(jointlyLiable);
            await Expect(page.Locator("#results")).Not.ToContainTextAsync(lookalike);
            Assert.DoesNotContain(surname, page.Url, StringComparison.OrdinalIgnoreCase);
            await checks.CheckAsync(page, "search-by-name");

            // Two letters have no trigram: refused next to the field, in Italian, before any call.
            await page.FillAsync("#value", "qu");
            await SearchAsync(page);
            await Expect(page.Locator("#value-error")).ToContainTextAsync("almeno 3 caratteri");
            await Expect(page.Locator("#value")).ToHaveAttributeAsync("aria-invalid", "true");
            await checks.CheckAsync(page, "name-too-short");
        }, output);

    private static Task SearchAsync(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "Cerca", Exact = true }).ClickAsync();

    private async Task<string> CreateAsync(string fullName, string? coDebtor = null)
    {
        var iupd = "WEB-NAME-" + Guid.NewGuid().ToString("N")[..10];
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Positions.OneNotice(iupd)))!;
        body["fullName"] = fullName;
        if (coDebtor is not null)
            body["paymentOption"]![0]!["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = "VRDGPP70M10F205O", ["fullName"] = coDebtor };
        var created = await web.Platform.Gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return iupd;
    }
}
