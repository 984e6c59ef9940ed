using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Web;

/// <summary>
/// A request the framework cannot bind (a body that is not JSON of the right shape, a query parameter
/// that is not a number, a body too large or of the wrong media type) is the client's error: a
/// ProblemDetails with the status the framework chose, naming the field and the rule in the API's
/// words (<see cref="JsonRules"/>), in every environment (minimal APIs otherwise answer 500 in
/// Development and an empty 400 elsewhere). Registered by AddServiceDefaults for every service.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        context.Response.StatusCode = bad.StatusCode;
        var details = bad.StatusCode == StatusCodes.Status400BadRequest
            ? new HttpValidationProblemDetails(Errors(context, bad)) { Title = bad.InnerException is JsonException ? "The request body is malformed" : "The request is invalid" }
            : new Microsoft.AspNetCore.Mvc.ProblemDetails { Detail = bad.Message };
        details.Status = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = details });
    }

    private static Dictionary<string, string[]> Errors(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var body = BodyType(context, bad.Message);
            var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var (field, broken) = JsonRules.Explain(json, body, options);
            return new() { [field] = [broken] };
        }
        if (JsonRules.FromBinder(bad.Message) is var (parameter, rule))
            return new() { [WireName(context, parameter)] = [rule] };
        return new() { ["request"] = [bad.Message] };
    }

    /// <summary>The type of the body parameter the binder named ("Failed to read parameter \"PaymentPositionModel body\" …").</summary>
    private static Type? BodyType(HttpContext context, string message)
    {
        var metadata = Endpoint(context)?.Metadata;
        var named = metadata?.GetOrderedMetadata<IParameterBindingMetadata>()
            .FirstOrDefault(p => message.Contains($" {p.Name}\"", StringComparison.Ordinal));
        return named?.ParameterInfo.ParameterType ?? metadata?.GetMetadata<IAcceptsMetadata>()?.RequestType;
    }

    // The exception handler clears the endpoint before calling handlers; its feature keeps the original.
    private static Endpoint? Endpoint(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();

    /// <summary>The name a parameter has on the wire ([FromQuery(Name = "due_date_from")]), not in C#.</summary>
    private static string WireName(HttpContext context, string parameter)
    {
        var binding = Endpoint(context)?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
            .FirstOrDefault(p => p.Name == parameter);
        var attributes = binding?.ParameterInfo.GetCustomAttributes() ?? [];
        return attributes.OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
            ?? parameter;
    }
}

internal static class BadRequestHandling
{
    /// <summary>Everything about refusing bad input: strict JSON, the text and header guard, binder errors, complete problem answers.</summary>
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.AddStrictJson();
        services.AddTransient<IStartupFilter, RequestTextGuardStartup>();
        services.AddCompleteProblems();
        return services;
    }
}
