using System.Net;
using System.Text.Json;
using Refit;

namespace Web.Api;

// A platform API's answer as the pages read it: the value, or the refusal to show next to the form.
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool IsOk => Problem is null;
}

// How pages read IPlatformApi's answers: the one place that maps them.
public static class ApiResults
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new GpdDateTimes() } };

    // The answer, or the API's refusal as a problem: a validation failure (with its errors by field), a resource that
    // is not there or not the caller's, a stale version, the throttle. Any other failure throws.
    public static async Task<ApiResult<T>> OrProblem<T>(this Task<T> call)
    {
        try
        {
            return new ApiResult<T>(await call, null);
        }
        catch (ApiException refused) when (refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound
            or HttpStatusCode.Forbidden or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity
            or HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests)
        {
            return new ApiResult<T>(default, Problem(refused));
        }
    }

    // A document the API streams (notice or receipt PDF, rejected rows), or null when it refused it. The caller
    // disposes it.
    public static async Task<HttpResponseMessage?> OrNull(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (response.IsSuccessStatusCode) return response;
        response.Dispose();
        return null;
    }

    // A ProblemDetails body (RFC 9457) with, for a validation failure, the errors by field (JSON path).
    private static ApiProblem Problem(ApiException refused)
    {
        var status = (int)refused.StatusCode;
        try
        {
            var body = string.IsNullOrEmpty(refused.Content) ? null : JsonSerializer.Deserialize<ProblemBody>(refused.Content, Json);
            return new ApiProblem(status, body?.Title, body?.Detail, body?.Errors ?? []);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, null, null, new Dictionary<string, string[]>());
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
