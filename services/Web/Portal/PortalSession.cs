using Microsoft.AspNetCore.DataProtection;

namespace Web.Portal;

// What the citizen found, kept in an encrypted, HttpOnly cookie rather than in URLs (no fiscal code or notice number in
// an address, a log line or a Referer): the EC, the position and the notice being paid. SameSite=Lax so that it comes
// back with the top-level return from the checkout.
public sealed class PortalSession(IDataProtectionProvider protection)
{
    private static string CookieName => Security.WebCookies.Name("portal");
    private readonly IDataProtector _protector = protection.CreateProtector("Web.Portal.Session").ToTimeLimitedDataProtector();

    public sealed record Found(string Organization, string Iupd, string? PayingNav = null);

    public Found? Read(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 } value) return null;
        try
        {
            var parts = ((ITimeLimitedDataProtector)_protector).Unprotect(value).Split('\n');
            return parts.Length == 3 ? new Found(parts[0], parts[1], parts[2].Length > 0 ? parts[2] : null) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Write(HttpResponse response, Found found) =>
        response.Cookies.Append(CookieName, ((ITimeLimitedDataProtector)_protector).Protect(
            $"{found.Organization}\n{found.Iupd}\n{found.PayingNav}", TimeSpan.FromMinutes(30)), Options());

    public static void Clear(HttpResponse response) => response.Cookies.Delete(CookieName, Options());

    private static CookieOptions Options() => new()
    {
        HttpOnly = true, Secure = Security.WebCookies.RequireHttps, SameSite = SameSiteMode.Lax, Path = "/", IsEssential = true,
    };
}
