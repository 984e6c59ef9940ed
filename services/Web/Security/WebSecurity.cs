using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace Web.Security;

// The browser-facing rules (docs/decisions/0038-web-security.md): antiforgery tokens on every form (Razor Pages
// validate them on every POST), secure HttpOnly cookies, a Content-Security-Policy with no inline script, no caching
// of personal pages, the client's address from the gateway's X-Forwarded-For, and a rate limit on the citizen lookup
// so that fiscal code + notice number cannot be used to enumerate debts.
internal static class WebSecurity
{
    public const string LookupPolicy = "citizen-lookup";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; form-action 'self' {checkout}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        WebCookies.Configure(builder.Configuration);
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = WebCookies.Name("antiforgery");
            o.Cookie.SecurePolicy = WebCookies.Policy;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-Token";
        });
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the gateway's headers count: by default only loopback proxies are trusted; a deployment adds its network.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in builder.Configuration.GetSection("Web:TrustedProxyNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        var perMinute = builder.Configuration.GetValue("Web:LookupsPerMinute", 10);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.Redirect("/portale/troppe-richieste");
                context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
                return ValueTask.CompletedTask;
            };
            // Only the lookup itself (a POST) is counted, per client address: reading the form is free.
            o.AddPolicy(LookupPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        return builder;
    }

    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // Pages are served over HTTPS only (secure cookies); health checks answer on the plain internal port too.
        app.Use((context, next) =>
        {
            if (!WebCookies.RequireHttps || context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health")) return next(context);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("HTTPS is required.");
        });
        app.UseExceptionHandler("/portale/errore");
        app.UseStatusCodePagesWithReExecute("/portale/errore", "?code={0}");
        var checkout = new Uri(app.Configuration.GetValue<Uri>("Web:CheckoutUrl") ?? new Uri("http://127.0.0.1:5190/"), "/").ToString().TrimEnd('/');
        var policy = ContentSecurityPolicy.Replace("{checkout}", checkout, StringComparison.Ordinal);
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/assets"))
            {
                // What antiforgery itself sets on pages with a form: the same on every page, no warning logged per request.
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
            }
            if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    // Images, fonts, styles and scripts from the build output (Assets/), under /assets.
    public static WebApplication UseWebAssets(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Assets")),
            RequestPath = "/assets",
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        return app;
    }
}
