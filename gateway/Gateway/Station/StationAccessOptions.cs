using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;

namespace Gateway;

internal enum StationAuthenticationMode
{
    None,
    MutualTls,
    TrustedProxyHeader,
}

// `Station:ClientAuthentication`: how the gateway knows a station request comes from the pagoPA Node.
internal sealed class StationAccessOptions : AuthenticationSchemeOptions
{
    public const string Section = "Station:ClientAuthentication";

    public StationAuthenticationMode Mode { get; set; } = StationAuthenticationMode.MutualTls;
    public string NodeName { get; set; } = "pagopa-node";
    public List<string> TrustedCaFiles { get; set; } = [];
    public List<string> AllowedThumbprints { get; set; } = [];
    public List<string> AllowedSubjects { get; set; } = [];
    public List<string> AllowedNetworks { get; set; } = [];
    public string HeaderName { get; set; } = "X-Forwarded-Client-Cert";
    public List<string> TrustedProxies { get; set; } = [];
    public bool CheckRevocation { get; set; }
    public string? CertificateFile { get; set; }
    public string? CertificateKeyFile { get; set; }

    // Parsed once per (re)load by Load(); the handler only reads these.
    internal X509Certificate2Collection TrustedCas { get; private set; } = [];
    internal HashSet<string> Thumbprints { get; private set; } = [];
    internal HashSet<string> Subjects { get; private set; } = [];
    internal IPNetwork[] Networks { get; private set; } = [];
    internal IPNetwork[] Proxies { get; private set; } = [];

    // Reads the CA files and parses the lists; a missing file or a bad CIDR stops the gateway at startup.
    internal void Load()
    {
        var cas = new X509Certificate2Collection();
        foreach (var file in TrustedCaFiles) cas.ImportFromPemFile(file);
        TrustedCas = cas;
        Thumbprints = AllowedThumbprints.Select(NormalizeThumbprint).ToHashSet(StringComparer.Ordinal);
        Subjects = AllowedSubjects.Select(s => new X500DistinguishedName(s).Name).ToHashSet(StringComparer.Ordinal);
        Networks = AllowedNetworks.Select(IPNetwork.Parse).ToArray();
        Proxies = TrustedProxies.Select(IPNetwork.Parse).ToArray();
    }

    // Configurations that would refuse every caller are refused at startup instead.
    internal bool IsComplete(out string? problem)
    {
        problem = Mode switch
        {
            StationAuthenticationMode.None => null,
            _ when TrustedCas.Count == 0 => $"{Section}:TrustedCaFiles names no CA certificate; mode {Mode} would refuse every caller.",
            StationAuthenticationMode.TrustedProxyHeader when Proxies.Length == 0 => $"{Section}:TrustedProxies is empty; mode {Mode} would refuse every caller.",
            StationAuthenticationMode.TrustedProxyHeader when string.IsNullOrWhiteSpace(HeaderName) => $"{Section}:HeaderName is empty.",
            _ => null,
        };
        return problem is null;
    }

    internal static string NormalizeThumbprint(string hex) =>
        hex.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    internal static bool Contains(IPNetwork[] networks, IPAddress address) => networks.Any(n => n.Contains(address));
}
