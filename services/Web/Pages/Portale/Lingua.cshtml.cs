using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Localization;

namespace Web.Pages.Portale;

// The language switch: a cookie for a year, then back to the same page.
public sealed class LinguaModel : PageModel
{
    public IActionResult OnPost([FromForm] string? culture, [FromForm] string? returnUrl)
    {
        var chosen = culture == "en" ? "en" : "it";
        Response.Cookies.Append(Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName, WebLocalization.CookieValue(chosen),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), Secure = Security.WebCookies.RequireHttps, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
