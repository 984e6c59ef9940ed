using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Web.Access;

namespace Web.Pages.Portale;

// The local run's stand-in for SPID and CIE: it asks for the identity a real provider would assert (fiscal code and
// name) and signs the citizen in with it. Exists only when `Web:LocalIdentityProvider:Enabled` is set, which the
// Production environment refuses at start-up (CitizenSignIn); otherwise 404.
public sealed class IdpLocaleModel(IStringLocalizer<SharedResource> t, ILogger<IdpLocaleModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "metodo")] public string Method { get; set; } = "spid";
    [BindProperty] public string? FiscalCode { get; set; }
    [BindProperty] public string? FullName { get; set; }
    public string? Failure { get; private set; }

    public string MethodName => Method == "cie" ? "CIE" : "SPID";

    public IActionResult OnGet() => CitizenSignIn.LocalProviderEnabled ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CitizenSignIn.LocalProviderEnabled) return NotFound();
        var code = CitizenSignIn.FiscalCodeOf(FiscalCode);
        if (code is null || string.IsNullOrWhiteSpace(FullName))
        {
            Failure = t["Scrivi un codice fiscale (16 caratteri o 11 cifre) e un nome."];
            return Page();
        }
        await CitizenSignIn.SignInAsync(HttpContext, CitizenSignIn.Citizen(code, FullName.Trim(), Method == "cie" ? "cie" : "spid"));
        logger.LogInformation("Citizen signed in with the local identity provider ({Method})", MethodName);
        return LocalRedirect("/portale/estratto");
    }
}
