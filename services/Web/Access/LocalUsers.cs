using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Web.Access;

// One operator of the local run (configuration `Web:LocalUsers:N`); passwords are stored as PBKDF2 hashes only.
public sealed class LocalUser
{
    public string Name { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string Role { get; set; } = OperatorRole.Viewer;
    public List<string> Organizations { get; set; } = [];
}

public sealed class LocalUsersSettings
{
    public List<LocalUser> LocalUsers { get; set; } = [];
}

// Checks a local user's password (ASP.NET Core Identity's PBKDF2 hasher) and gives the claims of the sign-in cookie:
// name, role, one claim per assigned EC. An unknown name costs a hash too, so timing does not tell which names exist.
public sealed class LocalUsers(IOptionsMonitor<LocalUsersSettings> settings)
{
    private static readonly PasswordHasher<LocalUser> Hasher = new();
    private static readonly string DecoyHash = Hasher.HashPassword(new LocalUser(), Guid.NewGuid().ToString());

    public ClaimsPrincipal? SignIn(string name, string password)
    {
        var user = settings.CurrentValue.LocalUsers.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        var result = Hasher.VerifyHashedPassword(user ?? new LocalUser(), user?.PasswordHash ?? DecoyHash, password);
        if (user is null || result == PasswordVerificationResult.Failed || !OperatorRole.IsKnown(user.Role)) return null;
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Name), new(ClaimTypes.Role, user.Role) };
        claims.AddRange(user.Organizations.Select(o => new Claim(OperatorRole.OrganizationClaim, o)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "local", ClaimTypes.Name, ClaimTypes.Role));
    }

    // `dotnet Web.dll hash-password` prints the hash to put in `Web__LocalUsers__N__PasswordHash`.
    public static string Hash(string password) => Hasher.HashPassword(new LocalUser(), password);
}
