using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// A second gateway in front of the same services, configured as in production: HTTPS with the station behind mutual
// TLS. The pagoPA Node's real verify is answered when it presents a certificate of the configured CA, and refused
// without one or with another CA's.
[Collection(PlatformCollection.Name)]
public sealed class StationMutualTlsTests(Platform platform, ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("station-mtls-").FullName;

    [Fact]
    public async Task With_mutual_TLS_the_station_answers_the_Nodes_verify_only_to_a_certificate_of_the_configured_CA() =>
        await platform.RunScenarioAsync(async () =>
        {
            using var ca = Authority("CN=pagoPA test CA");
            using var otherCa = Authority("CN=someone else's CA");
            using var server = Issue(ca, "CN=127.0.0.1", serverAuth: true);
            using var node = Issue(ca, "CN=pagoPA Node", serverAuth: false);
            using var impostor = Issue(otherCa, "CN=pagoPA Node", serverAuth: false);
            File.WriteAllText(Path.Combine(_directory, "ca.pem"), ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(_directory, "server.pem"), server.ExportCertificatePem());
            File.WriteAllText(Path.Combine(_directory, "server.key"), server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

            var gateway = platform.StartAnother("GatewayMutualTls", "Gateway", new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = "https://127.0.0.1:{port}",
                ["Station__ClientAuthentication__Mode"] = "MutualTls",
                ["Station__ClientAuthentication__TrustedCaFiles__0"] = Path.Combine(_directory, "ca.pem"),
                ["Station__ClientAuthentication__CertificateFile"] = Path.Combine(_directory, "server.pem"),
                ["Station__ClientAuthentication__CertificateKeyFile"] = Path.Combine(_directory, "server.key"),
            });
            var address = new Uri($"https://127.0.0.1:{gateway.Port}/");
            using var anonymous = Client(address, ca, null);
            await Eventually.TrueAsync(async () => await IsReadyAsync(anonymous), TimeSpan.FromSeconds(60), "the mutual-TLS gateway is ready");

            var nav = await PublishedNoticeAsync();
            using var theNode = Client(address, ca, node);
            using var someoneElse = Client(address, ca, impostor);

            var answered = await VerifyAsync(theNode, nav);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            var outcome = XDocument.Parse(await answered.Content.ReadAsStringAsync()).Descendants("outcome").Single().Value;
            Assert.Equal("OK", outcome);
            Assert.Equal(HttpStatusCode.Unauthorized, (await VerifyAsync(anonymous, nav)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await VerifyAsync(someoneElse, nav)).StatusCode);
        }, output);

    private static async Task<bool> IsReadyAsync(HttpClient client)
    {
        try { return (await client.GetAsync("/health/node-adapter/ready")).IsSuccessStatusCode; }
        // Refused while the process starts: the deadline decides.
        catch (HttpRequestException) { return false; }
    }

    private async Task<string> PublishedNoticeAsync()
    {
        var gateway = platform.Gateway;
        var iupd = "MTLS-" + Guid.NewGuid().ToString("N")[..12];
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{Platform.Ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions?toPublish=true", new
        {
            iupd, type = "F", fiscalCode = "RSSMRA80A01H501U", fullName = "Mario Rossi", companyName = "Comune di Demo", switchToExpired = false,
            paymentOption = new[]
            {
                new
                {
                    amount = 5_000, description = "Permesso", isPartialPayment = false, dueDate = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
                    transfer = new[] { new { idTransfer = "1", amount = 5_000, remittanceInformation = "Permesso", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" } },
                },
            },
        });
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        var nav = (string)body["paymentOption"]![0]!["nav"]!;
        await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/node-adapter/organizations/{Platform.Ec}/notices/{nav}"),
            TimeSpan.FromSeconds(30), "the station knows the notice");
        return nav;
    }

    private static Task<HttpResponseMessage> VerifyAsync(HttpClient client, string nav) =>
        client.PostAsync("/pagopa/paForNode", new StringContent($"""
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">
              <soapenv:Header/>
              <soapenv:Body>
                <nod:paVerifyPaymentNoticeReq>
                  <idPA>{Platform.Ec}</idPA>
                  <idBrokerPA>{Platform.Broker}</idBrokerPA>
                  <idStation>{Platform.Station}</idStation>
                  <qrCode><fiscalCode>{Platform.Ec}</fiscalCode><noticeNumber>{nav}</noticeNumber></qrCode>
                </nod:paVerifyPaymentNoticeReq>
              </soapenv:Body>
            </soapenv:Envelope>
            """, Encoding.UTF8, "text/xml"));

    private static HttpClient Client(Uri address, X509Certificate2 ca, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return presented is X509Certificate2 cert && chain.Build(cert);
        };
        if (certificate is not null) handler.SslOptions.ClientCertificates = [certificate];
        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool serverAuth)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        // Inside the CA's own validity, which a certificate may not outlast.
        using var issued = request.Create(ca, ca.NotBefore, ca.NotAfter.AddDays(-1), RandomNumberGenerator.GetBytes(8));
        // With its key, in a form TLS on Linux can use.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
