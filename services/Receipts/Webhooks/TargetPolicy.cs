using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Receipts.Webhooks;

// Where webhooks may go. Checked when a subscription is created (the URL and what its host resolves to) and again at
// every connection (the addresses actually dialled), so a name that later resolves to an internal address (DNS
// rebinding) is still refused.
internal sealed class TargetPolicy(IOptions<WebhookOptions> options)
{
    // Null when the URL is acceptable as written; otherwise why not.
    public string? CheckUrl(string? text, out Uri? uri)
    {
        uri = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)) return "must be an absolute URL";
        if (parsed.Scheme != Uri.UriSchemeHttps && !(parsed.Scheme == Uri.UriSchemeHttp && options.Value.AllowInsecureTargets))
            return "must use https";
        if (parsed.UserInfo.Length > 0) return "must not carry credentials";
        if (parsed.Fragment.Length > 0) return "must not have a fragment";
        if (text!.Length > 2048) return "must be at most 2048 characters";
        if (!options.Value.AllowPrivateTargets && parsed.IsLoopback) return "must not be a loopback address";
        if (IPAddress.TryParse(parsed.DnsSafeHost, out var address) && CheckAddress(address) is { } reason) return reason;
        uri = parsed;
        return null;
    }

    // Resolves the host and checks every address it has now.
    public async Task<string?> CheckResolvedAsync(Uri uri, CancellationToken ct)
    {
        IPAddress[] addresses;
        try { addresses = await ResolveAsync(uri.DnsSafeHost, ct); }
        catch (SocketException) { return $"host {uri.DnsSafeHost} does not resolve"; }
        return addresses.Select(CheckAddress).FirstOrDefault(r => r is not null);
    }

    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    public string? CheckAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IsNeverReachable(address)) return $"address {address} is not a unicast destination";
        if (!options.Value.AllowPrivateTargets && IsInternal(address)) return $"address {address} is private, loopback or link-local";
        return null;
    }

    private static bool IsNeverReachable(IPAddress a) =>
        a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.Broadcast) || a.IsIPv6Multicast
        || (a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] is >= 224 or 0);

    private static bool IsInternal(IPAddress a)
    {
        if (IPAddress.IsLoopback(a) || a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6UniqueLocal) return true;
        if (a.AddressFamily != AddressFamily.InterNetwork) return false;
        var b = a.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)           // link-local, cloud metadata services
            || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)   // IETF protocol assignments
            || (b[0] == 198 && b[1] is 18 or 19);        // benchmarking
    }
}
