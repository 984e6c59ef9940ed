using System.Security.Cryptography;
using ServiceDefaults.Security;

namespace Gateway.Access;

// One API key as the gateway knows it: never the key itself, only its hash.
internal sealed record ApiKey(
    Guid Id, string ClientId, string[] Organizations, CallerRole Role, string Prefix,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, Guid? ReplacedBy)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public string Status(DateTimeOffset now) =>
        RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : ReplacedBy is not null ? "rotating" : "active";
}

internal static class ApiKeySecret
{
    private const string Scheme = "pk_";

    // A new key: 32 random bytes, URL-safe, recognisable by its prefix in logs and secret scanners.
    public static string Generate() =>
        Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string key) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));

    // What lists show of a key: enough to tell keys apart, too little to use one.
    public static string PrefixOf(string key) => key[..Math.Min(10, key.Length)];

    // Cheap shape check before any lookup: a header that cannot be a key is not one.
    public static bool HasShape(string? key) =>
        key is { Length: >= 20 and <= 128 } && key.StartsWith(Scheme, StringComparison.Ordinal)
        && key.AsSpan(Scheme.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    public static bool IsOrganization(string text) => ServiceDefaults.Security.OrganizationCode.IsValid(text);
}
