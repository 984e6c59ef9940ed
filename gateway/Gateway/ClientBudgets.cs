using System.Security.Claims;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Gateway.Access;
using ServiceDefaults.Security;

namespace Gateway;

// Who a request's rate budget belongs to, and how large it is
// (docs/decisions/0069-rate-budgets-per-caller-and-ec.md). A budget is the authenticated client's for one EC it acts
// for: a client serving several ECs (an intermediary's key, the citizen portal) cannot let one EC's rush starve the
// others. An EC the caller does not act for (refused anyway) shares the client's "no EC" budget, so made-up codes
// never open fresh budgets. Unauthenticated requests share their address's. Tokens of an issuer listed in
// `Limits:Issuers` get that issuer's size: the Web app, which turns one page into several API calls and limits its
// own users at its edge, is one.
internal sealed partial class ClientBudgets(TokenBucketRateLimiterOptions standard, IReadOnlyDictionary<string, TokenBucketRateLimiterOptions> byIssuer)
{
    private const string NoEc = "-";

    public static ClientBudgets From(IConfigurationSection limits)
    {
        var standard = Bucket(limits.GetValue("ClientRequestsPerSecond", 200), limits.GetValue("ClientBurst", 400));
        // A list (`Limits:Issuers:N:Issuer`), not a map: issuers are URLs, and ':' separates configuration keys.
        var byIssuer = limits.GetSection("Issuers").GetChildren().Where(issuer => !string.IsNullOrEmpty(issuer["Issuer"])).ToDictionary(
            issuer => issuer["Issuer"]!,
            issuer => Bucket(issuer.GetValue("RequestsPerSecond", 200), issuer.GetValue("Burst", 400)),
            StringComparer.Ordinal);
        return new ClientBudgets(standard, byIssuer);
    }

    public RateLimitPartition<string> PartitionFor(HttpContext http)
    {
        if (http.User.ClientId() is not { } client)
            return RateLimitPartition.GetTokenBucketLimiter("ip:" + http.Connection.RemoteIpAddress, _ => standard);
        var ec = ActingEc(http) is { } named && http.User.ActsFor(named) ? named : NoEc;
        var issuer = http.User.FindFirst(ApiKeyAuthentication.CredentialClaim)?.Value is { } credential && credential.StartsWith("jwt:", StringComparison.Ordinal)
            ? credential[4..] : null;
        var size = issuer is not null && byIssuer.TryGetValue(issuer, out var own) ? own : standard;
        // The issuer is part of the key: two issuers' tokens naming the same client id are two callers.
        return RateLimitPartition.GetTokenBucketLimiter($"client:{issuer}:{client}\n{ec}", _ => size);
    }

    // The EC in the path: every municipal route names it after `/organizations/`, GPD's receipts after `/payments/`.
    private static string? ActingEc(HttpContext http)
    {
        var match = EcInPath().Match(http.Request.Path.Value ?? "");
        return match.Success ? match.Groups["ec"].Value : null;
    }

    [GeneratedRegex(@"/(?:organizations|payments)/(?<ec>[0-9]{11})(?:/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex EcInPath();

    private static TokenBucketRateLimiterOptions Bucket(int tokensPerSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = tokensPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
