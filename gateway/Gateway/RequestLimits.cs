using ServiceDefaults.Security;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway;

internal static class RequestLimits
{
    public const string PerClientPolicy = "per-client";

    /// <summary>
    /// Body size: a global cap (Kestrel) that routes may lower or raise (`MaxRequestBodySize` in the
    /// route table: small for REST and SOAP, large only for bulk uploads). Rate: a token bucket per
    /// authenticated client (else remote address) on municipal REST routes only; the
    /// pagoPA Node's callbacks are never throttled, a refused receipt would be a lost payment.
    /// </summary>
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Limits");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.GetValue("MaxRequestBodyBytes", 1L * 1024 * 1024);
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        var tokensPerSecond = limits.GetValue("ClientRequestsPerSecond", 200);
        var burst = limits.GetValue("ClientBurst", 400);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem("Too many requests from this client; retry after the Retry-After delay.",
                    statusCode: 429, title: "Rate limit exceeded").ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(PerClientPolicy, http => RateLimitPartition.GetTokenBucketLimiter(ClientKey(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = tokensPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        });
        return builder;
    }

    // The authenticated client, never a header the caller chose: a made-up key per request would
    // otherwise get a fresh bucket each time. Unauthenticated requests share their address's bucket.
    private static string ClientKey(HttpContext http) =>
        http.User.ClientId() is { } client ? "client:" + client : "ip:" + http.Connection.RemoteIpAddress;
}
