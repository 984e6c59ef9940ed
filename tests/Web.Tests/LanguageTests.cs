using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

[Collection(WebCollection.Name)]
public sealed class LanguageTests(WebPlatform web, ITestOutputHelper output)
{
    static LanguageTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task The_portal_speaks_Italian_by_default_and_English_once_chosen_until_Italian_is_chosen_again() =>
        await web.RunAsync(nameof(LanguageTests), async checks =>
        {
            var page = await checks.NewPageAsync();
            await page.GotoAsync("/");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "it");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Trova il tuo avviso di pagamento");

            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Find your payment notice");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await checks.CheckAsync(page, "portal-english");
            await page.GotoAsync("/backoffice/accesso");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Operator sign-in");
            await checks.CheckAsync(page, "sign-in-english");

            await page.GetByRole(AriaRole.Button, new() { Name = "Italiano" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Accesso operatori");
        }, output);
}
