namespace Web.Access;

// The back office's roles and the API role each one acts with (ADR 0023: read < write < admin): a viewer reads, an
// operator writes positions and imports, an administrator also changes settings.
internal static class OperatorRole
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Administrator = "administrator";

    // The cookie's claim holding each EC the operator is assigned to.
    public const string OrganizationClaim = "org";

    public static bool IsKnown(string? role) => role is Viewer or Operator or Administrator;

    public static string ApiRole(string role) => role switch
    {
        Administrator => "admin",
        Operator => "write",
        _ => "read",
    };

    public static bool CanWrite(this System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Operator) || user.IsInRole(Administrator);

    public static bool CanAdminister(this System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Administrator);

    public static IReadOnlyList<string> Organizations(this System.Security.Claims.ClaimsPrincipal user) =>
        user.FindAll(OrganizationClaim).Select(c => c.Value).Distinct().ToList();

    public static bool ActsFor(this System.Security.Claims.ClaimsPrincipal user, string organization) =>
        user.Organizations().Contains(organization, StringComparer.Ordinal);
}
