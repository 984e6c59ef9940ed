using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests;

// A CA for the Node, another CA, and certificates they issued, made fresh and written as PEM files.
public sealed class StationPki : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public StationPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("station-pki-").FullName;
        var now = DateTimeOffset.UtcNow;
        var ca = Authority("CN=Test Node CA, O=PagoPA test");
        var other = Authority("CN=Someone else's CA");
        Server = Issue(ca, "CN=127.0.0.1", ServerAuth, now.AddDays(-1), now.AddDays(1));
        Client = Issue(ca, "CN=nodo.test.pagopa.it, O=PagoPA test", ClientAuth, now.AddDays(-1), now.AddDays(1));
        SecondClient = Issue(ca, "CN=another.test.pagopa.it, O=PagoPA test", ClientAuth, now.AddDays(-1), now.AddDays(1));
        ForeignClient = Issue(other, "CN=nodo.test.pagopa.it, O=PagoPA test", ClientAuth, now.AddDays(-1), now.AddDays(1));
        ExpiredClient = Issue(ca, "CN=nodo.test.pagopa.it, O=PagoPA test", ClientAuth, now.AddDays(-3), now.AddDays(-1));
        CaFile = Write("ca.pem", ca.ExportCertificatePem());
        ServerCertificateFile = Write("server.pem", Server.ExportCertificatePem());
        ServerKeyFile = Write("server.key", Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }
    public string CaFile { get; }
    public string ServerCertificateFile { get; }
    public string ServerKeyFile { get; }
    public X509Certificate2 Server { get; }
    public X509Certificate2 Client { get; }
    public X509Certificate2 SecondClient { get; }
    public X509Certificate2 ForeignClient { get; }
    public X509Certificate2 ExpiredClient { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(10));
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string subject, Oid usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var issued = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so that TLS gets a certificate whose key is not tied to a disposed ECDsa object.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}

// A minimal app on real Kestrel over loopback that wires StationAccess exactly as the gateway does: `POST
// /pagopa/paForNode` asks for the Station policy and answers the caller's claims; `/api/ping` is an open REST route
// on the same port.
public sealed class StationHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WarningLog _log;

    private StationHost(WebApplication app, WarningLog log) => (_app, _log) = (app, log);

    public Uri Address => new(_app.Urls.Single());
    public IReadOnlyCollection<string> Warnings => _log.Lines;

    public static async Task<StationHost> StartAsync(StationPki pki, IDictionary<string, string?> settings, bool https = true, bool trustCa = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = pki.Directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Main:Url"] = https ? "https://127.0.0.1:0" : "http://127.0.0.1:0",
            ["Station:ClientAuthentication:CertificateFile"] = pki.ServerCertificateFile,
            ["Station:ClientAuthentication:CertificateKeyFile"] = pki.ServerKeyFile,
        });
        if (trustCa) builder.Configuration["Station:ClientAuthentication:TrustedCaFiles:0"] = pki.CaFile;
        builder.Configuration.AddInMemoryCollection(settings);
        var log = new WarningLog();
        builder.Logging.ClearProviders().AddProvider(log);
        builder.AddStationAccess();

        var app = builder.Build();
        app.MapPost("/pagopa/paForNode", (ClaimsPrincipal user) => user.Claims.ToDictionary(c => c.Type, c => c.Value))
            .RequireAuthorization(StationAccess.PolicyName);
        app.MapGet("/api/ping", () => "pong");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new StationHost(app, log);
    }

    // A client that trusts this host's server certificate and presents certificate, if any.
    public HttpClient Client(StationPki pki, X509Certificate2? certificate = null) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, server, _, _) => server?.GetCertHashString() == pki.Server.GetCertHashString(),
            // Chosen outright: the default selection would drop a certificate whose CA the server did not list.
            LocalCertificateSelectionCallback = certificate is null ? null : (_, _, _, _, _) => certificate,
        },
    })
    { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class WarningLog : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public IReadOnlyCollection<string> Lines => _lines;
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _lines.Enqueue(formatter(state, exception));
        }
        public void Dispose() { }
    }
}
