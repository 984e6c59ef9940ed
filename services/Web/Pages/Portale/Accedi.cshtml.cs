using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Access;

namespace Web.Pages.Portale;

// The citizen's sign-in with SPID or CIE: the municipality's identity gateway in a deployment, the local stand-in
// (IdpLocale) in the local run, nothing otherwise (the page says so; the notice lookup still works).
public sealed class AccediModel : PageModel
{
    public bool Available => CitizenSignIn.OidcEnabled || CitizenSignIn.LocalProviderEnabled;

    public void OnGet() { }

    // A link, not a form: CSP's form-action would also govern the redirect to the identity gateway, and starting a
    // sign-in changes nothing here.
    public IActionResult OnGetEnter([FromQuery(Name = "metodo")] string? method)
    {
        var chosen = method == "cie" ? "cie" : "spid";
        if (CitizenSignIn.OidcEnabled)
        {
            var properties = new AuthenticationProperties { RedirectUri = "/portale/estratto" };
            properties.Items[CitizenSignIn.MethodClaim] = chosen;
            return Challenge(properties, CitizenSignIn.OidcScheme);
        }
        if (CitizenSignIn.LocalProviderEnabled) return LocalRedirect($"/portale/idp-locale?metodo={chosen}");
        return Page();
    }
}
