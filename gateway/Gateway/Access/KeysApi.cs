using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceDefaults.Security;

namespace Gateway.Access;

// Key management for admins: a caller with the admin role creates, lists, rotates and revokes keys for organisations
// it administers, never beyond them. The new key is shown once, in the creation answer.
internal static class KeysApi
{
    public const string Prefix = "/api/access/keys";

    public static WebApplication MapKeysApi(this WebApplication app)
    {
        var group = app.MapGroup(Prefix).WithTags("Access").ForAnyOrganization().RequireAdmin();
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapPost("/{id:guid}/rotate", Rotate);
        group.MapDelete("/{id:guid}", Revoke);
        return app;
    }

    public sealed record NewKey(string? ClientId, string[]? Organizations, string? Role, DateTimeOffset? ExpiresAt);

    public sealed record KeyView(Guid Id, string ClientId, string[] Organizations, string Role, string Prefix, string Status,
        DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, Guid? ReplacedBy);

    public sealed record IssuedKey(string Key, KeyView Details);

    private static async Task<Results<Created<IssuedKey>, ValidationProblem, ProblemHttpResult>> Create(
        NewKey body, HttpContext http, ApiKeyStore keys, TimeProvider time, CancellationToken ct)
    {
        var errors = KeyRules.Check(body, time.GetUtcNow());
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (Outside(http, body.Organizations!) is { } refused) return refused;
        Caller.TryParseRole(body.Role!, out var role);
        var (key, secret) = await keys.CreateAsync(body.ClientId!, body.Organizations!.Distinct().ToArray(), role, body.ExpiresAt, null, ct);
        return TypedResults.Created($"{Prefix}/{key.Id}", new IssuedKey(secret, View(key, time.GetUtcNow())));
    }

    private static async Task<Ok<List<KeyView>>> List(HttpContext http, ApiKeyStore keys, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok((await keys.ListAsync(http.User.Organizations().ToArray(), ct)).Select(k => View(k, now)).ToList());
    }

    private static async Task<Results<Ok<IssuedKey>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> Rotate(
        Guid id, int? overlapHours, HttpContext http, ApiKeyStore keys, TimeProvider time, CancellationToken ct)
    {
        var overlap = overlapHours ?? 24;
        if (overlap is < 0 or > 24 * 30)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["overlapHours"] = ["must be between 0 and 720 hours"] });
        if (await keys.GetAsync(id, ct) is not { } old) return NotFoundKey(id);
        if (Outside(http, old.Organizations) is { } refused) return refused;
        if (!old.IsValidAt(time.GetUtcNow())) return TypedResults.Problem($"Key {id} is {old.Status(time.GetUtcNow())}; create a new one instead.", statusCode: 409, title: "Key not rotatable");
        var (key, secret) = await keys.RotateAsync(old, TimeSpan.FromHours(overlap), ct);
        return TypedResults.Ok(new IssuedKey(secret, View(key, time.GetUtcNow())));
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>, ProblemHttpResult>> Revoke(
        Guid id, HttpContext http, ApiKeyStore keys, CancellationToken ct)
    {
        if (await keys.GetAsync(id, ct) is not { } key) return NotFoundKey(id);
        if (Outside(http, key.Organizations) is { } refused) return refused;
        await keys.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }

    // A key of organisations the caller does not administer is answered as if it did not exist.
    private static ProblemHttpResult? Outside(HttpContext http, IEnumerable<string> organizations) =>
        organizations.All(http.User.ActsFor) ? null
            : TypedResults.Problem("The caller does not administer every organisation of this key.", statusCode: 403, title: "Forbidden");

    private static NotFound<ProblemDetails> NotFoundKey(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Unknown key", Detail = $"No key {id}.", Status = 404 });

    private static KeyView View(ApiKey k, DateTimeOffset now) =>
        new(k.Id, k.ClientId, k.Organizations, k.Role.Name(), k.Prefix, k.Status(now), k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.ReplacedBy);
}

internal static class KeyRules
{
    public static Dictionary<string, string[]> Check(KeysApi.NewKey body, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ClientId is not { Length: >= 1 and <= 100 } client || client.Any(c => c is < '!' or > '~'))
            errors["clientId"] = ["must be 1 to 100 visible ASCII characters"];
        if (body.Organizations is not { Length: >= 1 and <= 1000 } organizations || !organizations.All(ApiKeySecret.IsOrganization))
            errors["organizations"] = ["must list 1 to 1000 organisation fiscal codes of 11 digits"];
        if (body.Role is null || !Caller.TryParseRole(body.Role, out _))
            errors["role"] = ["must be read, write or admin"];
        if (body.ExpiresAt is { } expires && expires <= now)
            errors["expiresAt"] = ["must be in the future"];
        return errors;
    }
}
