using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace Gateway.Tests;

public sealed class AccessTests(GatewayApp app) : IClassFixture<GatewayApp>
{
    private const string Ours = "77777777777";
    private const string Path = $"/api/receipts/organizations/{Ours}/receipts";

    [Fact]
    public async Task An_anonymous_or_unknown_caller_gets_a_401_problem_and_never_reaches_a_service()
    {
        var anonymous = await app.CreateClient().GetAsync(Path);
        var unknown = await app.ClientWithKey("pk_" + new string('a', 43)).GetAsync(Path);
        var malformed = await app.ClientWithKey("not a key at all").GetAsync(Path);

        foreach (var response in new[] { anonymous, unknown, malformed })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("X-Backend-Path"));
        }
    }

    [Fact]
    public async Task A_key_is_forwarded_as_a_signed_identity_and_nothing_the_caller_wrote_about_itself_gets_through()
    {
        var key = await app.KeyAsync("tax-office", CallerRole.Write, Ours, "88888888888");
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("X-Client-Id", "someone-else");
        request.Headers.Add("X-Forwarded-Client-Cert", "forged");

        var echo = await (await app.CreateClient().SendAsync(request)).Content.ReadFromJsonAsync<Echo>();

        Assert.False(echo!.Headers.ContainsKey("X-Api-Key"));
        Assert.False(echo.Headers.ContainsKey("X-Client-Id"));
        Assert.False(echo.Headers.ContainsKey("X-Forwarded-Client-Cert"));
        var token = await Validated(echo.Headers["Authorization"]);
        Assert.Equal("tax-office", token.GetClaim(Caller.ClientClaim).Value);
        Assert.Equal("write", token.GetClaim(Caller.RoleClaim).Value);
        Assert.Equal([Ours, "88888888888"], token.Claims.Where(c => c.Type == Caller.OrganizationClaim).Select(c => c.Value).Order());
    }

    [Fact]
    public async Task A_revoked_key_stops_working_within_seconds_and_a_rotated_one_works_alongside_its_successor_until_the_overlap_ends()
    {
        var admin = app.Keyed();
        var created = await (await admin.PostAsJsonAsync("/api/access/keys", new { clientId = "canteen", organizations = new[] { Ours }, role = "read" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("details").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(key).GetAsync(Path)).StatusCode);

        var rotated = await (await admin.PostAsync($"/api/access/keys/{id}/rotate?overlapHours=1", null)).Content.ReadFromJsonAsync<JsonElement>();
        var successor = rotated.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(key).GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(successor).GetAsync(Path)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/access/keys/{id}")).StatusCode);
        // Until the revocation reaches the gateway's key cache the key still works (200); any other answer fails at once.
        await Eventually.AnswersAsync(() => app.ClientWithKey(key).GetAsync(Path), TimeSpan.FromSeconds(10), "revoked key refused",
            expected: HttpStatusCode.Unauthorized, notYet: HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(successor).GetAsync(Path)).StatusCode);

        var zeroOverlap = await (await admin.PostAsync($"/api/access/keys/{rotated.GetProperty("details").GetProperty("id").GetString()}/rotate?overlapHours=0", null))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithKey(successor).GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(zeroOverlap.GetProperty("key").GetString()!).GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Keys_are_managed_only_by_admins_and_only_for_organisations_they_administer()
    {
        var writer = app.ClientWithKey(await app.KeyAsync("writer", CallerRole.Write, Ours));
        var request = new { clientId = "x", organizations = new[] { Ours }, role = "read" };
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync("/api/access/keys", request)).StatusCode);

        var admin = app.Keyed();
        var foreign = await admin.PostAsJsonAsync("/api/access/keys", new { clientId = "x", organizations = new[] { "88888888888" }, role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var invalid = await admin.PostAsJsonAsync("/api/access/keys", new { clientId = "", organizations = new[] { "*" }, role = "root" });
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["clientId", "organizations", "role"], errors.EnumerateObject().Select(e => e.Name).Order());

        var theirs = await app.KeyAsync("their-admin", CallerRole.Admin, "88888888888");
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/access/keys");
        Assert.All(listed.EnumerateArray(), k => Assert.Equal([Ours], k.GetProperty("organizations").EnumerateArray().Select(o => o.GetString())));
        Assert.DoesNotContain(listed.EnumerateArray(), k => k.GetProperty("clientId").GetString() == "their-admin");
        Assert.DoesNotContain(listed.EnumerateArray(), k => k.TryGetProperty("key", out _));
        Assert.NotEmpty(theirs);
    }

    [Fact]
    public async Task Every_forwarded_write_is_in_the_audit_log_of_its_organisation_and_only_its_admins_read_it()
    {
        var key = await app.KeyAsync("audited-office", CallerRole.Write, Ours);
        using var write = new HttpRequestMessage(HttpMethod.Post, $"/api/debt-positions/v1/organizations/{Ours}/debtpositions?fiscalCode=RSSMRA80A01H501U")
        { Content = JsonContent.Create(new { iupd = "x" }) };
        write.Headers.Add("X-Api-Key", key);
        write.Headers.Add("X-Correlation-Id", "audit-me-1");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(write)).StatusCode);
        await app.ClientWithKey(key).GetAsync(Path);

        var entries = await app.Keyed().GetFromJsonAsync<JsonElement>($"/api/audit/organizations/{Ours}/entries");
        var entry = Assert.Single(entries.EnumerateArray(), e => e.GetProperty("clientId").GetString() == "audited-office");
        Assert.Equal("POST", entry.GetProperty("method").GetString());
        Assert.Equal($"/api/debt-positions/v1/organizations/{Ours}/debtpositions", entry.GetProperty("path").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal("audit-me-1", entry.GetProperty("correlationId").GetString());
        Assert.StartsWith("api-key:pk_", entry.GetProperty("credential").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientWithKey(key).GetAsync($"/api/audit/organizations/{Ours}/entries")).StatusCode);
        var otherAdmin = app.ClientWithKey(await app.KeyAsync("other-admin", CallerRole.Admin, "88888888888"));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/api/audit/organizations/{Ours}/entries")).StatusCode);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.Database.ScalarAsync<int>("DELETE FROM gateway.audit_log RETURNING 1"));
    }

    [Fact]
    public async Task The_station_gets_the_Nodes_identity_and_metrics_and_openapi_are_not_public()
    {
        var echo = await app.CreateClient().GetFromJsonAsync<Echo>("/pagopa/paForNode?wsdl");
        var token = await Validated(echo!.Headers["Authorization"]);
        Assert.Equal(Caller.NodeRole, token.GetClaim(Caller.RoleClaim).Value);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Keyed().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Keyed().GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static async Task<JsonWebToken> Validated(string header)
    {
        Assert.StartsWith("Bearer ", header);
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(TestCallers.SigningKey));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(header["Bearer ".Length..], InternalTokens.ValidationParameters(key));
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
