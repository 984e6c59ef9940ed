using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Web;

/// <summary>
/// Every request carries an X-Correlation-Id (set by the gateway, or made here when a caller went
/// around it); it is echoed on the response, tagged on the trace and put in the logging scope.
/// A caller's id is kept only when it is 1–64 characters of [A-Za-z0-9._:-]: it ends up in logs, traces
/// and the audit table, so anything else (markup, separators, padding) is replaced by a new id.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    public async Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header];
        var id = given.Count == 1 && IsAcceptable(given[0]) ? given[0]! : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        context.Request.Headers[Header] = id;
        context.Response.Headers[Header] = id;
        // Behind the gateway the service echoes the id too and the proxy appends the service's copy to
        // the gateway's own: set it once more as the headers leave, so the caller sees it exactly once.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("correlation.id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    public static bool IsAcceptable(string? id) =>
        id is { Length: >= 1 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Allowed);
}
