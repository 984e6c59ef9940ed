using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// Steps several tests take the same way.
internal static class Journeys
{
    public static async Task SignInAsync(IPage page, PageChecks checks, string user)
    {
        await page.GotoAsync("/backoffice");
        await page.WaitForURLAsync("**/backoffice/accesso**");
        await checks.CheckAsync(page, "sign-in");
        await page.FillAsync("#name", user);
        await page.FillAsync("#password", WebPlatform.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cruscotto", Level = 1 })).ToBeVisibleAsync();
        await checks.CheckAsync(page, "dashboard");
    }

    public static async Task LookUpAsync(IPage page, string ec, string nav, string fiscalCode)
    {
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#organization", ec);
        await page.FillAsync("#notice-number", nav);
        await page.FillAsync("#fiscal-code", fiscalCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca l'avviso" }).ClickAsync();
        await page.WaitForURLAsync("**/portale/avviso");
    }
}
