using System.Security.Claims;

namespace ServiceDefaults.Security;

/// <summary>What a caller may do, in increasing order: each role includes the ones below it.</summary>
public enum CallerRole
{
    Read = 1,
    Write = 2,
    Admin = 3,
}

/// <summary>
/// The identity a request carries inside the platform: the client (an API key's or an OAuth2 client's
/// id), the organisations (EC fiscal codes) it may act for, and its role. The gateway establishes it and
/// forwards it as an internal token (<see cref="InternalTokens"/>); services read it from the user.
/// The pagoPA Node is its own kind of caller: it never acts on the REST API and the REST callers never
/// reach the station.
/// </summary>
public static class Caller
{
    public const string ClientClaim = "client";
    public const string OrganizationClaim = "org";
    public const string RoleClaim = "role";
    public const string NodeRole = "node";

    /// <summary>
    /// The organisation claim of a service calling another on its own account (a bulk import allocating
    /// IUVs): only a holder of the internal signing key can mint it; the gateway never does.
    /// </summary>
    public const string AllOrganizations = "*";

    public static string? ClientId(this ClaimsPrincipal user) => user.FindFirst(ClientClaim)?.Value;

    public static IEnumerable<string> Organizations(this ClaimsPrincipal user) =>
        user.FindAll(OrganizationClaim).Select(c => c.Value);

    public static bool ActsFor(this ClaimsPrincipal user, string organization) =>
        user.HasClaim(OrganizationClaim, organization) || user.HasClaim(OrganizationClaim, AllOrganizations);

    public static CallerRole? Role(this ClaimsPrincipal user) =>
        user.FindFirst(RoleClaim)?.Value is { } role && TryParseRole(role, out var parsed) ? parsed : null;

    public static bool IsNode(this ClaimsPrincipal user) => user.HasClaim(RoleClaim, NodeRole);

    public static bool TryParseRole(string text, out CallerRole role)
    {
        role = default;
        return text is "read" or "write" or "admin" && Enum.TryParse(text, ignoreCase: true, out role);
    }

    public static string Name(this CallerRole role) => role.ToString().ToLowerInvariant();
}
