using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests;

public sealed class StationAccessTests(StationPki pki) : IClassFixture<StationPki>
{
    private const string Auth = "Station:ClientAuthentication:";

    [Fact]
    public async Task By_default_a_station_call_without_a_client_certificate_is_refused_but_REST_on_the_same_port_is_not()
    {
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?>());
        using var client = host.Client(pki);

        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(client)).StatusCode);
        Assert.Contains(host.Warnings, w => w.Contains("no client certificate", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
    }

    [Fact]
    public async Task The_Node_s_certificate_issued_by_the_trusted_CA_is_accepted_as_the_node()
    {
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?> { [Auth + "Mode"] = "MutualTls" });
        using var client = host.Client(pki, pki.Client);

        var response = await CallStation(client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal("node", claims!["role"]);
        Assert.Equal("pagopa-node", claims["client"]);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task A_certificate_from_another_CA_or_an_expired_one_is_refused_with_its_reason()
    {
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?>());
        using var foreign = host.Client(pki, pki.ForeignClient);
        using var expired = host.Client(pki, pki.ExpiredClient);

        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(expired)).StatusCode);
        Assert.Equal(2, host.Warnings.Count(w => w.Contains("certificate not trusted", StringComparison.Ordinal)));
        Assert.Contains(host.Warnings, w => w.Contains("NotTimeValid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_pinned_thumbprint_only_that_certificate_of_the_trusted_CA_is_accepted()
    {
        var pin = Convert.ToHexString(SHA256.HashData(pki.Client.RawData)).ToLowerInvariant();
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?> { [Auth + "AllowedThumbprints:0"] = pin });
        using var pinned = host.Client(pki, pki.Client);
        using var other = host.Client(pki, pki.SecondClient);

        Assert.Equal(HttpStatusCode.OK, (await CallStation(pinned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(other)).StatusCode);
        Assert.Contains(host.Warnings, w => w.Contains("thumbprint not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_pinned_subject_only_that_subject_of_the_trusted_CA_is_accepted()
    {
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?> { [Auth + "AllowedSubjects:0"] = "CN=nodo.test.pagopa.it, O=PagoPA test" });
        using var pinned = host.Client(pki, pki.Client);
        using var other = host.Client(pki, pki.SecondClient);

        Assert.Equal(HttpStatusCode.OK, (await CallStation(pinned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(other)).StatusCode);
        Assert.Contains(host.Warnings, w => w.Contains("subject not allowed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10.0.0.0/8", HttpStatusCode.Unauthorized)]
    [InlineData("127.0.0.0/8", HttpStatusCode.OK)]
    public async Task A_good_certificate_is_accepted_only_from_an_allowed_network(string network, HttpStatusCode expected)
    {
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?> { [Auth + "AllowedNetworks:0"] = network });
        using var client = host.Client(pki, pki.Client);

        Assert.Equal(expected, (await CallStation(client)).StatusCode);
        Assert.Equal(expected == HttpStatusCode.Unauthorized, host.Warnings.Any(w => w.Contains("address not allowed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_certificate_in_its_header_is_validated_like_a_TLS_one()
    {
        await using var host = await StationHost.StartAsync(pki, Proxied("127.0.0.0/8"), https: false);
        using var client = host.Client(pki);

        Assert.Equal(HttpStatusCode.OK, (await CallStation(client, ("X-Forwarded-Client-Cert", Escaped(pki.Client)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(client, ("X-Forwarded-Client-Cert", Escaped(pki.ForeignClient)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(client)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(client, ("X-Forwarded-Client-Cert", ""))).StatusCode);
        Assert.Contains(host.Warnings, w => w.Contains("certificate not trusted", StringComparison.Ordinal));
        Assert.Equal(2, host.Warnings.Count(w => w.EndsWith("refused: no client certificate", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_certificate_header_from_a_peer_that_is_not_a_trusted_proxy_is_refused()
    {
        await using var host = await StationHost.StartAsync(pki, Proxied("10.0.0.0/8"), https: false);
        using var client = host.Client(pki);

        Assert.Equal(HttpStatusCode.Unauthorized, (await CallStation(client, ("X-Forwarded-Client-Cert", Escaped(pki.Client)))).StatusCode);
        Assert.Contains(host.Warnings, w => w.Contains("header from an untrusted proxy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("203.0.113.7", HttpStatusCode.OK)]
    [InlineData("198.51.100.1", HttpStatusCode.Unauthorized)]
    [InlineData("203.0.113.7, 198.51.100.1", HttpStatusCode.Unauthorized)]
    [InlineData("198.51.100.1, 203.0.113.7, 127.0.0.1", HttpStatusCode.OK)]
    public async Task Behind_trusted_proxies_the_allowed_networks_apply_to_the_right_most_untrusted_forwarded_address(string forwardedFor, HttpStatusCode expected)
    {
        var settings = Proxied("127.0.0.0/8");
        settings[Auth + "AllowedNetworks:0"] = "203.0.113.0/24";
        await using var host = await StationHost.StartAsync(pki, settings, https: false);
        using var client = host.Client(pki);

        var response = await CallStation(client, ("X-Forwarded-Client-Cert", Escaped(pki.Client)), ("X-Forwarded-For", forwardedFor));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task With_mode_None_anyone_is_the_node_and_startup_says_so_loudly()
    {
        await using var host = await StationHost.StartAsync(pki, new Dictionary<string, string?> { [Auth + "Mode"] = "None" }, https: false);
        using var client = host.Client(pki);

        var response = await CallStation(client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("node", (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["role"]);
        Assert.Single(host.Warnings, w => w.Contains("UNAUTHENTICATED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MutualTls", false)]
    [InlineData("TrustedProxyHeader", false)]
    [InlineData("TrustedProxyHeader", true)]
    public async Task A_configuration_that_would_refuse_every_caller_stops_the_gateway_at_startup(string mode, bool trustCa)
    {
        var settings = new Dictionary<string, string?> { [Auth + "Mode"] = mode };

        await Assert.ThrowsAsync<OptionsValidationException>(() => StationHost.StartAsync(pki, settings, trustCa: trustCa));
    }

    [Fact]
    public async Task A_missing_CA_file_stops_the_gateway_at_startup()
    {
        var settings = new Dictionary<string, string?> { [Auth + "TrustedCaFiles:1"] = Path.Combine(pki.Directory, "missing.pem") };

        await Assert.ThrowsAnyAsync<IOException>(() => StationHost.StartAsync(pki, settings));
    }

    private Dictionary<string, string?> Proxied(string trustedProxies) => new()
    {
        [Auth + "Mode"] = "TrustedProxyHeader",
        [Auth + "TrustedProxies:0"] = trustedProxies,
    };

    private static string Escaped(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        Uri.EscapeDataString(certificate.ExportCertificatePem());

    private static Task<HttpResponseMessage> CallStation(HttpClient client, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/pagopa/paForNode") { Content = new StringContent("<soap/>", System.Text.Encoding.UTF8, "text/xml") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }
}
