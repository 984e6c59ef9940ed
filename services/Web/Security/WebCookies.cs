namespace Web.Security;

// Every cookie is HttpOnly and Secure, named with the `__Host-` prefix (no Domain, Path=/, HTTPS only), unless
// `Web:RequireHttps` is false: only for the plain-HTTP local run on loopback (infra/platform.sh), where a Secure
// cookie would never come back. Behind a TLS-terminating proxy the gateway's X-Forwarded-Proto makes the request
// HTTPS.
internal static class WebCookies
{
    public static bool RequireHttps { get; private set; } = true;

    public static void Configure(IConfiguration configuration) => RequireHttps = configuration.GetValue("Web:RequireHttps", true);

    public static string Name(string name) => RequireHttps ? "__Host-" + name : name;

    public static CookieSecurePolicy Policy => RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
