using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace Gateway.Tests;

// The gateway with an OAuth2 authorisation server configured (issuer, audience, a signing secret).
public sealed class OAuthGatewayApp : GatewayApp
{
    public const string Issuer = "https://auth.example-municipality.it";
    public const string Audience = "payments-api";
    public static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Jwt:Issuer", Issuer), new("Jwt:Audience", Audience), new("Jwt:SigningKeys:0", Convert.ToBase64String(Secret)),
    ];

    public static string Token(Dictionary<string, object> claims, string issuer = Issuer, string audience = Audience, byte[]? secret = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret ?? Secret), SecurityAlgorithms.HmacSha256),
        });
}

public sealed class ExternalTokenTests(OAuthGatewayApp app) : IClassFixture<OAuthGatewayApp>
{
    private const string Path = "/api/receipts/organizations/77777777777/receipts";

    [Fact]
    public async Task A_client_credentials_token_is_forwarded_as_the_internal_identity_with_its_organisations_and_role()
    {
        var token = OAuthGatewayApp.Token(new() { ["client_id"] = "erp-of-demo", ["organizations"] = new[] { "77777777777", "88888888888" }, ["role"] = "write" });

        var response = await Send(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = (await response.Content.ReadFromJsonAsync<Echo>())!.Headers["Authorization"]["Bearer ".Length..];
        var key = new SymmetricSecurityKey(Convert.FromBase64String(TestCallers.SigningKey));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(forwarded, InternalTokens.ValidationParameters(key));
        Assert.True(result.IsValid);
        var internalToken = (JsonWebToken)result.SecurityToken;
        Assert.Equal("erp-of-demo", internalToken.GetClaim(Caller.ClientClaim).Value);
        Assert.Equal("write", internalToken.GetClaim(Caller.RoleClaim).Value);
        Assert.Equal(["77777777777", "88888888888"], internalToken.Claims.Where(c => c.Type == Caller.OrganizationClaim).Select(c => c.Value).Order());
    }

    [Fact]
    public async Task A_token_with_organisations_as_a_space_separated_string_is_read_the_same_way()
    {
        var token = OAuthGatewayApp.Token(new() { ["azp"] = "erp", ["organizations"] = "77777777777 88888888888", ["role"] = "read" });
        Assert.Equal(HttpStatusCode.OK, (await Send(token)).StatusCode);
    }

    [Theory]
    [InlineData("no organisations")]
    [InlineData("unknown role")]
    [InlineData("wrong audience")]
    [InlineData("wrong issuer")]
    [InlineData("wrong signature")]
    [InlineData("malformed organisations")]
    public async Task A_token_that_does_not_say_who_and_for_whom_or_is_not_ours_is_a_401(string defect)
    {
        var claims = new Dictionary<string, object> { ["client_id"] = "erp", ["organizations"] = new[] { "77777777777" }, ["role"] = "write" };
        string token = defect switch
        {
            "no organisations" => OAuthGatewayApp.Token(new() { ["client_id"] = "erp", ["role"] = "write" }),
            "unknown role" => OAuthGatewayApp.Token(new() { ["client_id"] = "erp", ["organizations"] = new[] { "77777777777" }, ["role"] = "root" }),
            "wrong audience" => OAuthGatewayApp.Token(claims, audience: "another-api"),
            "wrong issuer" => OAuthGatewayApp.Token(claims, issuer: "https://evil.example"),
            "wrong signature" => OAuthGatewayApp.Token(claims, secret: Enumerable.Repeat((byte)7, 32).ToArray()),
            _ => OAuthGatewayApp.Token(new() { ["client_id"] = "erp", ["organizations"] = new[] { "*" }, ["role"] = "admin" }),
        };

        var response = await Send(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> Send(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await app.CreateClient().SendAsync(request);
    }
}
