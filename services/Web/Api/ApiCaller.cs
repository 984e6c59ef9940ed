using System.Security.Claims;
using Web.Access;

namespace Web.Api;

// Who the Web app acts for on an API call: a signed-in operator, or the portal on a citizen's behalf.
public sealed record ApiCaller(string Client, IReadOnlyList<string> Organizations, string Role)
{
    // Where a request carries its caller (Refit's [Property]), for CallerToken.
    public const string Key = "Web.ApiCaller";

    public static ApiCaller Operator(ClaimsPrincipal user) =>
        new("web:" + user.Identity!.Name, user.Organizations(), OperatorRole.ApiRole(user.FindFirst(ClaimTypes.Role)?.Value ?? OperatorRole.Viewer));

    // The citizen portal reads the one EC the citizen chose; it never writes.
    public static ApiCaller Portal(string organization) => new("web-portal", [organization], "read");
}
