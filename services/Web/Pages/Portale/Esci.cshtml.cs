using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Portal;

namespace Web.Pages.Portale;

/// <summary>The citizen's sign-out: the portal cookie with what they found is deleted.</summary>
public sealed class EsciModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost()
    {
        PortalSession.Clear(Response);
        return Page();
    }
}
