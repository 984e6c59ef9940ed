using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace DebtPositions.Gpd;

/// <summary>
/// A body that is not JSON of the right types (an amount as text, a malformed date) is the client's
/// error: a 400 ValidationProblem naming the JSON path, not a 500. Minimal APIs throw
/// BadHttpRequestException for it (we make them always throw, so every environment answers alike).
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var json = bad.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path ? path[2..] : "body";
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [json?.Message ?? bad.Message],
            })
            {
                Status = bad.StatusCode,
                Title = "The request body is not a valid debt position",
            },
        });
    }
}

internal static class BadRequestHandling
{
    public static WebApplicationBuilder AddBadRequestProblems(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        return builder;
    }
}
