using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway;

internal static class StationCertificates
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    // Null when the certificate chains to one of the configured CAs (and to nothing else: the OS store is never
    // consulted), is within its validity dates, may be used for client authentication, and passes the optional
    // thumbprint and subject pins; otherwise the reason it is refused.
    public static string? Refusal(X509Certificate2 certificate, X509Certificate2Collection presentedChain,
        StationAccessOptions options, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(options.TrustedCas);
        chain.ChainPolicy.ExtraStore.AddRange(presentedChain);
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        chain.ChainPolicy.RevocationMode = options.CheckRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!chain.Build(certificate))
            return $"certificate not trusted ({string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct())})";

        if (options.Thumbprints.Count > 0 && !options.Thumbprints.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256)))
            return "certificate thumbprint not allowed";
        if (options.Subjects.Count > 0 && !options.Subjects.Contains(certificate.SubjectName.Name))
            return "certificate subject not allowed";
        return null;
    }

    // The certificate a TLS-terminating proxy put in a header: PEM, or URL-encoded PEM as nginx-ingress's
    // `ssl-client-cert` sends it. The first certificate is the client's; any others are its intermediates.
    public static X509Certificate2Collection? FromHeader(string value)
    {
        // Base64 has no '%', so a '%' can only come from URL encoding.
        var pem = value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            return null;
        }
        return certificates.Count > 0 ? certificates : null;
    }
}
