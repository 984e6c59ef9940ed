using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway;

// Accepts a station request as the pagoPA Node's when its client certificate (from the TLS handshake, or from a
// trusted proxy's header) chains to a configured CA and passes the pins, and its address is allowed. Every refusal is
// logged with its reason: a refused Node call is a payment that cannot be verified.
internal sealed class StationAccessHandler(IOptionsMonitor<StationAccessOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<StationAccessOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var refusal = Options.Mode switch
        {
            StationAuthenticationMode.None => null,
            StationAuthenticationMode.MutualTls => await DirectRefusalAsync(),
            StationAuthenticationMode.TrustedProxyHeader => ProxiedRefusal(),
            _ => "unknown authentication mode",
        };
        if (refusal is not null)
        {
            Logger.LogWarning("Station caller {Peer} refused: {Reason}", Peer(), refusal);
            return AuthenticateResult.Fail(refusal);
        }
        var identity = new ClaimsIdentity(
            [new Claim(StationAccess.ClientClaim, Options.NodeName), new Claim(StationAccess.RoleClaim, StationAccess.NodeRole)],
            Scheme.Name, StationAccess.ClientClaim, StationAccess.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private async Task<string?> DirectRefusalAsync()
    {
        if (!Allowed(Peer())) return "address not allowed";
        var certificate = await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        if (certificate is null) return "no client certificate";
        return StationCertificates.Refusal(certificate, [], Options, TimeProvider.GetUtcNow());
    }

    private string? ProxiedRefusal()
    {
        var header = Request.Headers[Options.HeaderName];
        var peer = Peer();
        if (peer is null || !StationAccessOptions.Contains(Options.Proxies, peer))
            return header.Count > 0 ? "client certificate header from an untrusted proxy" : "no client certificate (caller is not a trusted proxy)";
        if (!Allowed(ForwardedClient())) return "address not allowed";
        if (header.Count == 0 || string.IsNullOrEmpty(header[0])) return "no client certificate";
        if (header.Count > 1 || StationCertificates.FromHeader(header[0]!) is not { } presented) return "unreadable client certificate header";
        return StationCertificates.Refusal(presented[0], presented, Options, TimeProvider.GetUtcNow());
    }

    private bool Allowed(IPAddress? address) =>
        Options.Networks.Length == 0 || (address is not null && StationAccessOptions.Contains(Options.Networks, address));

    private IPAddress? Peer() => Normalize(Context.Connection.RemoteIpAddress);

    // The caller behind the trusted proxies: the right-most X-Forwarded-For entry that is not itself a trusted proxy.
    // Entries to its left were written by the caller and prove nothing.
    private IPAddress? ForwardedClient()
    {
        var entries = Request.Headers["X-Forwarded-For"].SelectMany(v => (v ?? "").Split(',')).Reverse();
        foreach (var entry in entries)
        {
            if (!IPAddress.TryParse(entry.Trim(), out var address)) return null;
            address = Normalize(address)!;
            if (!StationAccessOptions.Contains(Options.Proxies, address)) return address;
        }
        return null;
    }

    // A dual-stack socket reports IPv4 callers as ::ffff:a.b.c.d, which no IPv4 network contains.
    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
