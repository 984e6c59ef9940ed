using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Web.Api;

// The Web app is an OAuth2 issuer the gateway trusts (`Jwt:*` there, `Web:Tokens:*` here): it mints a short token
// naming the operator as client, their ECs and their role, and the gateway then applies the same rules as to any API
// caller, records the operator in its audit log and forwards its internal token
// (docs/decisions/0036-web-acts-as-the-operator-through-the-gateway.md). Tokens are reused until half their life.
public sealed class ApiTokens(IConfiguration configuration, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly string _issuer = configuration["Web:Tokens:Issuer"] ?? "payments-web";
    private readonly string _audience = configuration["Web:Tokens:Audience"] ?? "payments-gateway";
    private readonly SymmetricSecurityKey _key = Key(configuration["Web:Tokens:SigningKey"]);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _tokens = new(StringComparer.Ordinal);

    public string For(ApiCaller caller)
    {
        var identity = $"{caller.Client}\n{caller.Role}\n{string.Join(',', caller.Organizations)}";
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(identity, out var cached) && now < cached.RenewAt) return cached.Token;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = _audience,
            Claims = new Dictionary<string, object>
            {
                ["client_id"] = caller.Client,
                ["organizations"] = caller.Organizations.ToArray(),
                ["role"] = caller.Role,
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-30),
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        if (_tokens.Count > 10_000) _tokens.Clear();
        _tokens[identity] = (token, now + Lifetime / 2);
        return token;
    }

    private static SymmetricSecurityKey Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException("Web:Tokens:SigningKey is not set: base64 of 32+ random bytes, the same as the gateway's Jwt:SigningKeys entry for the Web app.");
        var bytes = Convert.FromBase64String(text);
        if (bytes.Length < 32) throw new InvalidOperationException("Web:Tokens:SigningKey must hold at least 32 bytes.");
        return new SymmetricSecurityKey(bytes);
    }
}
