using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Access;

namespace Web.Pages.Backoffice;

public sealed class LoginModel(IServiceProvider services, IConfiguration configuration, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Failed { get; private set; }
    public bool OidcEnabled => configuration["Web:Oidc:Authority"] is { Length: > 0 };

    public void OnGet() { }

    public IActionResult OnGetOidc() => OidcEnabled
        ? Challenge(new AuthenticationProperties { RedirectUri = LocalReturn() }, OpenIdConnectDefaults.AuthenticationScheme)
        : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = services.GetRequiredService<LocalUsers>().SignIn(Name ?? "", Password ?? "");
        if (user is null)
        {
            // The name is what an operator typed, not a citizen's data; the password never reaches a log.
            logger.LogWarning("Failed back-office sign-in for {User}", Name);
            Failed = true;
            return Page();
        }
        await OperatorSignIn.SignInAsync(HttpContext, user);
        logger.LogInformation("Back-office sign-in of {User}", Name);
        return LocalRedirect(LocalReturn());
    }

    private string LocalReturn() => Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/backoffice", StringComparison.Ordinal) ? ReturnUrl : "/backoffice";
}
