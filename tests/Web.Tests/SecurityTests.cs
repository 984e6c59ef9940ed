using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// The browser-facing rules: CSRF tokens on every form, secure cookies, CSP, sign-out, the lookup's rate limit.
[Collection(WebCollection.Name)]
public sealed partial class SecurityTests(WebPlatform web, ITestOutputHelper output)
{
    static SecurityTests() => SetDefaultExpectTimeout(30_000);

    [Theory]
    [InlineData("/", "Organization=77777777777&NoticeNumber=301000000000000000&FiscalCode=RSSMRA80A01H501U")]
    [InlineData("/backoffice/accesso", "Name=operatore77&Password=x")]
    [InlineData("/portale/lingua", "culture=en&returnUrl=/")]
    [InlineData("/backoffice/uscita", "")]
    [InlineData("/portale/esci", "")]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused(string path, string form)
    {
        using var site = SiteClient();
        var page = await site.GetAsync("/");
        var cookie = Cookies(page).Single(c => c.StartsWith("__Host-antiforgery=", StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        post.Headers.Add("Cookie", cookie.Split(';')[0]);
        var refused = await site.SendAsync(post);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Cookies_are_secure_and_http_only_and_the_content_security_policy_allows_no_inline_script()
    {
        using var site = SiteClient();
        var page = await site.GetAsync("/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src 'self';", policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);

        var signIn = await SignInAsync(site, "operatore77");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        foreach (var cookie in Cookies(page).Concat(Cookies(signIn)))
        {
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(Cookies(signIn), c => c.StartsWith("__Host-backoffice=", StringComparison.Ordinal) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task After_signing_out_the_back_office_asks_to_sign_in_again() =>
        await web.RunAsync(nameof(After_signing_out_the_back_office_asks_to_sign_in_again), async checks =>
        {
            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "lettore77");
            // A viewer reads: no manual entry or import in the menu.
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nuova posizione" })).ToHaveCountAsync(0);
            await page.GotoAsync("/backoffice/posizioni/nuova");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Accesso negato");
            await checks.CheckAsync(page, "viewer-denied");
            await page.GetByRole(AriaRole.Button, new() { Name = "Esci" }).ClickAsync();
            await page.WaitForURLAsync("**/backoffice/accesso");
            await page.GotoAsync("/backoffice");
            await page.WaitForURLAsync("**/backoffice/accesso**");
            Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "__Host-backoffice");
        }, output);

    [Fact]
    public async Task The_citizen_lookup_is_limited_per_client_address_and_other_clients_still_get_through()
    {
        var limited = await web.StartAnotherWebAsync("WebLimited", new Dictionary<string, string> { ["Web__LookupsPerMinute"] = "3" });
        using var direct = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = limited };
        async Task<HttpResponseMessage> LookUpAsync(string client)
        {
            using var get = Forwarded(HttpMethod.Get, "/", client);
            var form = await direct.SendAsync(get);
            var token = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
            using var post = Forwarded(HttpMethod.Post, "/", client);
            post.Headers.Add("Cookie", Cookies(form).Single().Split(';')[0]);
            post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Organization"] = Flows.Tests.Platform.Ec,
                ["NoticeNumber"] = "301000000000000000", ["FiscalCode"] = "RSSMRA80A01H501U",
            });
            return await direct.SendAsync(post);
        }
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await LookUpAsync("203.0.113.7")).StatusCode);
        var fourth = await LookUpAsync("203.0.113.7");
        Assert.Equal(HttpStatusCode.SeeOther, fourth.StatusCode);
        Assert.Equal("/portale/troppe-richieste", fourth.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await LookUpAsync("203.0.113.8")).StatusCode);
    }

    // As the gateway forwards a request: from loopback (a trusted proxy), for a client address, over TLS.
    private static HttpRequestMessage Forwarded(HttpMethod method, string path, string client)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    private HttpClient SiteClient() => new(new HttpClientHandler
    {
        UseCookies = false, AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    }) { BaseAddress = web.Site };

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient site, string user)
    {
        var form = await site.GetAsync("/backoffice/accesso");
        var token = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/backoffice/accesso")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Name"] = user, ["Password"] = WebPlatform.Password,
            }),
        };
        post.Headers.Add("Cookie", Cookies(form).Single().Split(';')[0]);
        return await site.SendAsync(post);
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
