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

    // The portal's first instalment paid through the simulated checkout, back on the portal as paid.
    public static async Task PayFirstInstalmentAsync(IPage page, WebPlatform web, PageChecks checks, string amount, string step)
    {
        await page.Locator("#instalment-0").GetByRole(AriaRole.Button, new() { Name = "Paga con pagoPA" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(web.Checkout, "/checkout/carts/").ToString() + "**");
        await Expect(page.Locator("#amount")).ToHaveTextAsync(amount);
        await page.GetByRole(AriaRole.Button, new() { Name = "Paga", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Uri(web.Site, "/portale/avviso?esito=ok").ToString());
        await Expect(page.Locator("#instalment-0 .instalment-status")).ToHaveTextAsync("Pagata");
        await checks.CheckAsync(page, step);
    }
}
