using System.Net;
using System.Text.RegularExpressions;
using Flows.Tests;
using Microsoft.AspNetCore.Identity;
using Testing;
using Xunit;

namespace Web.Tests;

// Two Web app processes on one database, as two replicas behind a load balancer (ADR 0081): each has a home folder of
// its own (a pod's is empty and its own), so only the key ring in PostgreSQL can let one read what the other
// protected. Plain HTTP, real PostgreSQL; no gateway is needed for the sign-in and the sign-out page.
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private const string Operator = "operatore77";
    private const string Password = "Prova-2026!";

    private readonly List<PlatformProcess> _replicas = [];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("web-key-ring-");
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("web_key_ring");

    [Fact]
    public async Task A_sign_in_form_of_one_replica_is_accepted_by_the_other_and_the_session_it_opens_is_read_by_the_first()
    {
        var environment = Environment();
        await PlatformProcess.MigrateAsync(WebPlatform.WebDll, environment);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        var first = await StartAsync("first", environment);
        // The form (antiforgery cookie and token) from the first replica, which makes the ring's first key.
        var form = await http.GetAsync(new Uri(first, "/backoffice/accesso"));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var second = await StartAsync("second", environment);

        // Posted to the second replica: it must read the first one's antiforgery cookie and token (else 400).
        using var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri(second, "/backoffice/accesso"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Name"] = Operator, ["Password"] = Password, ["__RequestVerificationToken"] = token,
            }),
        };
        signIn.Headers.Add("Cookie", Cookies(form));
        var signedIn = await http.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/backoffice", signedIn.Headers.Location?.OriginalString);

        // The session cookie the second replica wrote is read by the first: its page shows the operator's name.
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri(first, "/backoffice/uscita"));
        page.Headers.Add("Cookie", Cookies(signedIn));
        var answer = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains($">{Operator}</span>", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM web.data_protection_keys"));
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas) await replica.DisposeAsync();
        await _database.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private async Task<Uri> StartAsync(string name, Dictionary<string, string> environment)
    {
        var home = _directory.CreateSubdirectory(name).FullName;
        var port = FreePort();
        var replica = PlatformProcess.Start("Web-" + name, WebPlatform.WebDll, port,
            new Dictionary<string, string>(environment) { ["HOME"] = home }, _directory.FullName);
        _replicas.Add(replica);
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(async () =>
        {
            try { return (await http.GetAsync(new Uri(address, "/health/ready"))).StatusCode == HttpStatusCode.OK; }
            // Refused while the process starts: the deadline decides.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(90), $"replica {name} answers /health/ready ({replica.LogTail(10)})");
        return address;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Local",
        ["ConnectionStrings__Payments"] = _database.ConnectionString,
        ["Web__RequireHttps"] = "false",
        ["Web__GatewayUrl"] = "http://127.0.0.1:9/",
        ["Web__CheckoutUrl"] = "http://127.0.0.1:9/",
        ["Web__Tokens__SigningKey"] = Convert.ToBase64String(new byte[32]),
        ["Web__Organizations__0__FiscalCode"] = "77777777777", ["Web__Organizations__0__Name"] = "Comune di Prova",
        ["Web__LocalUsers__0__Name"] = Operator,
        ["Web__LocalUsers__0__PasswordHash"] = new PasswordHasher<object>().HashPassword(new object(), Password),
        ["Web__LocalUsers__0__Role"] = "operator",
        ["Web__LocalUsers__0__Organizations__0"] = "77777777777",
    };

    // The name=value pairs a response set, as a browser would send them back.
    private static string Cookies(HttpResponseMessage response) => string.Join("; ",
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
