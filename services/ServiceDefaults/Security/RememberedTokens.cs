using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Time;

namespace ServiceDefaults.Security;

/// <summary>
/// The gateway forwards the same internal token for one identity for minutes (the Node's on every station
/// call), so each service validates it once and remembers the result until the token expires, instead of
/// parsing and checking it again on every request (ADR 0023, docs/bench/station.md).
/// Only valid results are kept; the cache is bounded.
/// </summary>
internal sealed class RememberedTokens(TimeProvider time) : TokenHandler
{
    private const int Capacity = 10_000;
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known) && known.SecurityToken.ValidTo > time.Unshifted().GetUtcNow().UtcDateTime) return known;
        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid) return result;
        if (_valid.Count >= Capacity) _valid.Clear();
        _valid[token] = result;
        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);
}
