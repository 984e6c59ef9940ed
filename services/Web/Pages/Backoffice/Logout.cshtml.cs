using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Access;
using Web.Portal;

namespace Web.Pages.Backoffice;

// Sign-out ends the operator's cookie session and forgets any citizen lookup made in the same browser.
[AllowAnonymous]
public sealed class LogoutModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await OperatorSignIn.SignOutAsync(HttpContext);
        PortalSession.Clear(Response);
        return LocalRedirect("/backoffice/accesso");
    }
}
