using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Web;

/// <summary>
/// What a request carries outside its body, checked before any endpoint sees it: the path and the query
/// obey <see cref="PlainText"/> (a %00 in an IUPD would otherwise reach PostgreSQL), and an
/// Idempotency-Key is short visible ASCII (it is stored in a unique index).
/// </summary>
internal sealed class RequestTextGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var errors = Check(context.Request);
        if (errors.Count == 0)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = "The request is invalid" },
        });
    }

    private static Dictionary<string, string[]> Check(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (PlainText.Problem(request.Path.Value) is { } inPath) errors["path"] = [inPath];
        foreach (var (name, values) in request.Query)
        {
            if (PlainText.Problem(name) is { } inName) errors[$"query"] = [$"a parameter name {inName}"];
            foreach (var value in values)
                if (value is not null && PlainText.Problem(value) is { } inValue) errors[name] = [inValue];
        }
        if (request.Headers.TryGetValue(RequestBounds.IdempotencyKeyHeader, out var keys)
            && (keys.Count != 1 || !RequestBounds.IsIdempotencyKey(keys[0] ?? "")))
            errors[RequestBounds.IdempotencyKeyHeader] = [RequestBounds.IdempotencyKeyRule];
        return errors;
    }
}

/// <summary>Puts the guard first, ahead of routing and of every service's own middleware.</summary>
internal sealed class RequestTextGuardStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestTextGuard>();
        next(app);
    };
}
