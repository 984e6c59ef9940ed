using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;

namespace Gateway.Access;

// OAuth2 client-credentials tokens from the municipality's or intermediary's authorisation server (`Jwt:Issuer`,
// `Jwt:Audience`, and `Jwt:Authority` for discovery or `Jwt:SigningKeys:N` as PEM public keys or base64 secrets). The
// organisations come from `Jwt:OrganizationsClaim` (an array, or a space-separated string), the role from
// `Jwt:RoleClaim`, the client from `client_id`, `azp` or `sub`. A token without a known role or without any valid
// organisation is refused.
internal static class ExternalTokens
{
    public const string Scheme = "Bearer";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["Jwt:Issuer"]);

    public static void Configure(JwtBearerOptions o, IConfiguration configuration)
    {
        var jwt = configuration.GetSection("Jwt");
        o.MapInboundClaims = false;
        o.Authority = jwt["Authority"];
        o.RequireHttpsMetadata = jwt.GetValue("RequireHttpsMetadata", true);
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt["Issuer"],
            ValidAudience = jwt["Audience"] ?? throw new InvalidOperationException("Jwt:Audience is required with Jwt:Issuer"),
            IssuerSigningKeys = jwt.GetSection("SigningKeys").GetChildren().Select(k => SigningKey(k.Value!)).ToList(),
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        var organizationsClaim = jwt["OrganizationsClaim"] ?? "organizations";
        var roleClaim = jwt["RoleClaim"] ?? "role";
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var token = context.Principal!;
                var organizations = token.FindAll(organizationsClaim)
                    .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(ApiKeySecret.IsOrganization).Distinct().ToList();
                var client = token.FindFirst("client_id")?.Value ?? token.FindFirst("azp")?.Value ?? token.FindFirst("sub")?.Value;
                if (token.FindFirst(roleClaim)?.Value is not { } roleText || !Caller.TryParseRole(roleText, out var role)
                    || organizations.Count == 0 || string.IsNullOrEmpty(client))
                {
                    context.Fail($"the token must carry a client id, a role ({roleClaim}: read, write or admin) and organisations ({organizationsClaim})");
                    return Task.CompletedTask;
                }
                var claims = new List<Claim>
                {
                    new(Caller.ClientClaim, client), new(Caller.RoleClaim, role.Name()),
                    new(ApiKeyAuthentication.CredentialClaim, "jwt:" + token.FindFirst("iss")?.Value),
                };
                claims.AddRange(organizations.Select(org => new Claim(Caller.OrganizationClaim, org)));
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, Caller.ClientClaim, Caller.RoleClaim));
                return Task.CompletedTask;
            },
        };
    }

    private static SecurityKey SigningKey(string text)
    {
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal)) return new SymmetricSecurityKey(Convert.FromBase64String(text));
        if (TryRsa(text) is { } rsa) return new RsaSecurityKey(rsa);
        var ec = ECDsa.Create();
        ec.ImportFromPem(text);
        return new ECDsaSecurityKey(ec);
    }

    private static RSA? TryRsa(string pem)
    {
        var rsa = RSA.Create();
        try { rsa.ImportFromPem(pem); return rsa; }
        catch (ArgumentException) { rsa.Dispose(); return null; }
        catch (CryptographicException) { rsa.Dispose(); return null; }
    }
}
