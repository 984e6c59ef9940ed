using Microsoft.AspNetCore.RateLimiting;

namespace Gateway;

internal static class RequestLimits
{
    public const string PerClientPolicy = "per-client";

    // Body size: a global cap (Kestrel) that routes may lower or raise (`MaxRequestBodySize` in the route table:
    // small for REST and SOAP, large only for bulk uploads). Rate: a token bucket per authenticated client and EC
    // (ClientBudgets) on municipal REST routes only; the pagoPA Node's callbacks are never throttled, a refused
    // receipt would be a lost payment.
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Limits");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.GetValue("MaxRequestBodyBytes", 1L * 1024 * 1024);
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        var budgets = ClientBudgets.From(limits);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem("Too many requests from this client; retry after the Retry-After delay.",
                    statusCode: 429, title: "Rate limit exceeded").ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(PerClientPolicy, budgets.PartitionFor);
        });
        return builder;
    }
}
