using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Web;

/// <summary>
/// A body that is not JSON of the right shape (a count as text, a date that is not a date) is the
/// client's error: a 400 ValidationProblem naming the JSON path, in every environment (minimal APIs
/// otherwise answer 500 in Development and an empty 400 elsewhere). Registered by AddServiceDefaults
/// for every service.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
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
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [json?.Message ?? bad.Message] })
            {
                Status = bad.StatusCode,
                Title = "The request body is malformed",
            },
        });
    }
}

internal static class BadRequestHandling
{
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        return services;
    }
}
