using System.Net.Http.Headers;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;

namespace Testing;

// Identities for tests that boot a service directly: internal tokens signed with the test suite's own key, as the
// gateway would forward them. ServiceFactory<TProgram> configures services with this key and gives its clients
// Everything; tests of authorisation pick narrower ones.
public static class TestCallers
{
    // Base64 of 32 fixed bytes: a test key, never a deployment's.
    public const string SigningKey = "dGVzdC1zdWl0ZS1pbnRlcm5hbC1zaWduaW5nLWtleS0zMmI=";

    private static readonly SymmetricSecurityKey Key = new(Convert.FromBase64String(SigningKey)) { KeyId = "internal" };

    // Admin on every organisation and the Node at once: what most behaviour tests need, no gateway produces it.
    public static string Everything() =>
        Token("test-suite", [Caller.AllOrganizations], ["admin", Caller.NodeRole]);

    public static string For(string organization, CallerRole role, string client = "test-client") =>
        Token(client, [organization], [role.Name()]);

    public static string Node() => Token("pagopa-node", [], [Caller.NodeRole]);

    public static string Token(string client, string[] organizations, string[] roles, DateTimeOffset? now = null, TimeSpan? lifetime = null) =>
        roles.Length == 1
            ? InternalTokens.Issue(Key, client, organizations, roles[0], now ?? DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromHours(1))
            : WithRoles(client, organizations, roles, now ?? DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromHours(1));

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string WithRoles(string client, string[] organizations, string[] roles, DateTimeOffset now, TimeSpan lifetime) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = InternalTokens.Issuer,
            Audience = InternalTokens.Audience,
            Claims = new Dictionary<string, object>
            {
                [Caller.ClientClaim] = client,
                [Caller.OrganizationClaim] = organizations,
                [Caller.RoleClaim] = roles,
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-30),
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
}
