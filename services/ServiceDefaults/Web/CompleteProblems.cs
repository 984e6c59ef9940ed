using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Web;

/// <summary>
/// Every problem answer carries type, title, status, detail and instance: the framework's own 404, 405,
/// 413 and 415 (written by UseStatusCodePages or the binder) otherwise say little more than a title.
/// </summary>
internal static class CompleteProblems
{
    public static IServiceCollection AddCompleteProblems(this IServiceCollection services) =>
        services.Configure<ProblemDetailsOptions>(o =>
        {
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                Complete(context);
            };
        });

    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Instance ??= request.PathBase + request.Path;
        problem.Type ??= status switch
        {
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            _ => "about:blank",
        };
        problem.Title ??= ReasonPhrases(status);
        problem.Detail ??= status switch
        {
            StatusCodes.Status404NotFound => $"nothing is served at {request.Method} {problem.Instance}",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {problem.Instance}{Allowed(context.HttpContext)}",
            StatusCodes.Status413PayloadTooLarge => "the request body exceeds the size this endpoint accepts",
            StatusCodes.Status415UnsupportedMediaType => $"the body must be application/json, not {(string.IsNullOrEmpty(request.ContentType) ? "absent" : request.ContentType)}",
            _ when problem is HttpValidationProblemDetails v => $"{v.Errors.Count} field(s) break a rule: see errors",
            _ => problem.Title,
        };
    }

    private static string Allowed(HttpContext context) =>
        context.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? $"; allowed: {allow}" : "";

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
