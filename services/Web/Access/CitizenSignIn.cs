using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Web.Access;

// Citizens sign in with SPID or CIE, separately from operators (a cookie scheme of its own). In a deployment,
// `Web:CitizenOidc:Authority` names the municipality's SPID/CIE OpenID Connect gateway (an identity proxy that speaks
// SPID SAML / CIE OIDC to the national providers); the fiscal code comes in its `fiscal_number` claim (TINIT-…). In
// the local run, with no such gateway, `Web:LocalIdentityProvider:Enabled` turns on a stand-in page that plays the
// provider: refused in the Production environment (docs/decisions/0051).
internal static class CitizenSignIn
{
    public const string Scheme = "Citizen";
    public const string OidcScheme = "CitizenOidc";
    public const string Policy = "Citizen";
    public const string FiscalCodeClaim = "fiscal_code";
    public const string MethodClaim = "auth_method";

    public static bool LocalProviderEnabled { get; private set; }
    public static bool OidcEnabled { get; private set; }

    public static WebApplicationBuilder AddCitizenSignIn(this WebApplicationBuilder builder)
    {
        var oidc = builder.Configuration.GetSection("Web:CitizenOidc");
        OidcEnabled = oidc["Authority"] is { Length: > 0 };
        LocalProviderEnabled = builder.Configuration.GetValue("Web:LocalIdentityProvider:Enabled", false);
        if (LocalProviderEnabled && builder.Environment.IsProduction())
            throw new InvalidOperationException("Web:LocalIdentityProvider:Enabled plays SPID/CIE for the local run only: it is refused in the Production environment.");
        if (LocalProviderEnabled && OidcEnabled)
            throw new InvalidOperationException("Web:LocalIdentityProvider:Enabled and Web:CitizenOidc:Authority exclude each other.");

        var authentication = builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = Security.WebCookies.Name("citizen");
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = Security.WebCookies.Policy;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
            o.LoginPath = "/portale/accedi";
            o.AccessDeniedPath = "/portale/accedi";
            // A citizen's session is short, and not renewed: a shared computer forgets them soon.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = false;
        });
        if (OidcEnabled)
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.SignInScheme = Scheme;
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = "code";
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.CallbackPath = "/portale/oidc";
                o.SignedOutCallbackPath = "/portale/oidc-uscita";
                // The gateway picks SPID or CIE from the requested authentication context.
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.AcrValues = context.Properties.Items.TryGetValue(MethodClaim, out var method) && method == "cie"
                        ? "cie" : "https://www.spid.gov.it/SpidL2";
                    return Task.CompletedTask;
                };
                o.Events.OnTokenValidated = context =>
                {
                    context.Principal = FromProvider(context.Principal!);
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(FiscalCodeClaim));
        return builder;
    }

    // The fiscal code of a SPID/CIE identity: `TINIT-` followed by the code, upper case.
    public static string? FiscalCodeOf(string? fiscalNumber)
    {
        var code = (fiscalNumber ?? "").Trim().ToUpperInvariant();
        if (code.StartsWith("TINIT-", StringComparison.Ordinal)) code = code[6..];
        return code.Length is 11 or 16 && code.All(char.IsAsciiLetterOrDigit) ? code : null;
    }

    public static ClaimsPrincipal Citizen(string fiscalCode, string name, string method) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(FiscalCodeClaim, fiscalCode), new Claim(MethodClaim, method)],
            Scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static Task SignInAsync(HttpContext http, ClaimsPrincipal citizen) => http.SignInAsync(Scheme, citizen);

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    // A token without a readable fiscal code signs nobody in: the principal has no fiscal-code claim, the policy
    // refuses it.
    private static ClaimsPrincipal FromProvider(ClaimsPrincipal token)
    {
        var code = FiscalCodeOf(token.FindFirst("https://attributes.eid.gov.it/fiscal_number")?.Value ?? token.FindFirst("fiscal_number")?.Value);
        var name = string.Join(" ", new[] { token.FindFirst("given_name")?.Value, token.FindFirst("family_name")?.Value }.Where(n => n is { Length: > 0 }));
        var method = token.FindFirst("acr")?.Value?.Contains("cie", StringComparison.OrdinalIgnoreCase) == true ? "cie" : "spid";
        return code is null ? new ClaimsPrincipal(new ClaimsIdentity()) : Citizen(code, name.Length > 0 ? name : code, method);
    }
}
