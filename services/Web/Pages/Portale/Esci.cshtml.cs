using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Access;
using Web.Portal;

namespace Web.Pages.Portale;

// The citizen's sign-out: the portal cookie with what they found, and their SPID/CIE session, are deleted.
public sealed class EsciModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        PortalSession.Clear(Response);
        await CitizenSignIn.SignOutAsync(HttpContext);
        return Page();
    }
}
