using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceDefaults.Security;

/// <summary>
/// The token the gateway forwards to the services: a short-lived JWT signed with the platform's internal
/// key (`Identity:SigningKey`, base64 of at least 32 random bytes). A service reached directly on its own
/// port without it answers 401, so the trust boundary does not depend on the network. HMAC rather than a
/// key pair: the services must verify one on every request, the station's included (ADR 0023).
/// </summary>
public static class InternalTokens
{
    public const string Issuer = "payments-gateway";
    public const string Audience = "payments-services";
    public const string SigningKeySetting = "Identity:SigningKey";

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration)
    {
        var text = configuration[SigningKeySetting];
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException(
                $"{SigningKeySetting} is not set: every service and the gateway need the same internal signing key "
                + "(base64 of 32+ random bytes; infra/platform.sh writes one to .local/keys/internal-signing-key).");
        byte[] bytes;
        try { bytes = Convert.FromBase64String(text); }
        catch (FormatException) { throw new InvalidOperationException($"{SigningKeySetting} is not base64."); }
        if (bytes.Length < 32) throw new InvalidOperationException($"{SigningKeySetting} must hold at least 32 bytes.");
        return new SymmetricSecurityKey(bytes) { KeyId = "internal" };
    }

    public static string Issue(SymmetricSecurityKey key, string client, IEnumerable<string> organizations, string role, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object>
        {
            [Caller.ClientClaim] = client,
            [Caller.OrganizationClaim] = organizations.ToArray(),
            [Caller.RoleClaim] = role,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-30),
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    public static TokenValidationParameters ValidationParameters(SymmetricSecurityKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = Caller.ClientClaim,
        RoleClaimType = Caller.RoleClaim,
    };
}
