using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Web.Access;

// Operators sign in with a cookie session: local users (the local run) or, when `Web:Oidc:Authority` is set, an
// OpenID Connect provider whose ID token carries the role and the ECs (claims named by `Web:Oidc:RoleClaim` and
// `Web:Oidc:OrganizationsClaim`). Either way the cookie holds the same claims (docs/decisions/0036).
internal static class OperatorSignIn
{
    public static WebApplicationBuilder AddOperatorSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LocalUsersSettings>(builder.Configuration.GetSection("Web"));
        builder.Services.AddSingleton<LocalUsers>();
        var oidc = builder.Configuration.GetSection("Web:Oidc");
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = Security.WebCookies.Name("backoffice");
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = Security.WebCookies.Policy;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/";
                o.LoginPath = "/backoffice/accesso";
                o.LogoutPath = "/backoffice/uscita";
                o.AccessDeniedPath = "/backoffice/negato";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                if (oidc["Authority"] is { Length: > 0 }) o.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
            });
        if (oidc["Authority"] is { Length: > 0 } authority)
            authentication.AddOpenIdConnect(o =>
            {
                o.Authority = authority;
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = "code";
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.CallbackPath = "/backoffice/oidc";
                o.SignedOutCallbackPath = "/backoffice/oidc-uscita";
                o.Events.OnTokenValidated = context =>
                {
                    context.Principal = FromProvider(context.Principal!, oidc["RoleClaim"] ?? "role", oidc["OrganizationsClaim"] ?? "organizations");
                    return Task.CompletedTask;
                };
            });
        return builder;
    }

    // The provider's claims reduced to ours; a token without a known role gets no access beyond a viewer's.
    private static ClaimsPrincipal FromProvider(ClaimsPrincipal token, string roleClaim, string organizationsClaim)
    {
        var name = token.FindFirst("preferred_username")?.Value ?? token.FindFirst("sub")?.Value ?? "oidc";
        var role = token.FindFirst(roleClaim)?.Value is { } r && OperatorRole.IsKnown(r) ? r : OperatorRole.Viewer;
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        claims.AddRange(token.FindAll(organizationsClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(ServiceDefaults.Security.OrganizationCode.IsValid).Distinct().Select(o => new Claim(OperatorRole.OrganizationClaim, o)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc", ClaimTypes.Name, ClaimTypes.Role));
    }

    public static Task SignInAsync(HttpContext http, ClaimsPrincipal user) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user);

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
