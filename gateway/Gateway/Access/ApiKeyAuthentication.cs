using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ServiceDefaults.Security;

namespace Gateway.Access;

// `X-Api-Key: pk_…` → the key's client, organisations and role.
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return Task.FromResult(AuthenticateResult.NoResult());
        if (values.Count != 1 || keys.Find(values[0]!) is not { } key)
            return Task.FromResult(AuthenticateResult.Fail("unknown, expired or revoked API key"));
        var claims = new List<Claim> { new(Caller.ClientClaim, key.ClientId), new(Caller.RoleClaim, key.Role.Name()), new(CredentialClaim, "api-key:" + key.Prefix) };
        claims.AddRange(key.Organizations.Select(o => new Claim(Caller.OrganizationClaim, o)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, Caller.ClientClaim, Caller.RoleClaim));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    // Which credential the caller used, for the audit log (a key's public prefix, or the token's issuer).
    public const string CredentialClaim = "credential";
}
