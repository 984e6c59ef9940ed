using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NodeSimulator.Load;

// Control API: a bounded load run against the station, answered with its report when it ends.
internal static partial class LoadApi
{
    public static IEndpointRouteBuilder MapLoadApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/simulator/load", Run).WithTags("Simulator: load");
        app.MapPaymentTimelineApi();
        return app;
    }

    private static async Task<Results<Ok<LoadReport>, ValidationProblem>> Run(LoadRequest request, LoadRunner runner, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await runner.RunAsync(request, ct));
    }

    private static Dictionary<string, string[]> Validate(LoadRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Operation is null || !LoadRequest.Operations.Contains(request.Operation))
            errors["operation"] = [string.Join(", ", LoadRequest.Operations)];
        if (request.OrganizationFiscalCode is null || !FiscalCode().IsMatch(request.OrganizationFiscalCode))
            errors["organizationFiscalCode"] = ["11 digits required"];
        if (request.Notices is { Count: > 0 } notices)
        {
            if (notices.Count > LoadRequest.MaxNotices) errors["notices"] = [$"at most {LoadRequest.MaxNotices}"];
            else if (notices.FirstOrDefault(n => n is null || !NoticeNumber().IsMatch(n)) is { } bad) errors["notices"] = [$"'{bad}' is not 18 digits"];
            if (request.NavFrom is not null) errors["navFrom"] = ["give notices or navFrom/navCount, not both"];
        }
        else if (request.NavFrom is null || !NoticeNumber().IsMatch(request.NavFrom))
            errors["navFrom"] = ["18 digits required (or a non-empty notices list)"];
        else if (request.NavCount < 1 || long.Parse(request.NavFrom, CultureInfo.InvariantCulture) + request.NavCount > 1_000_000_000_000_000_000)
            errors["navCount"] = ["at least 1, and the range must stay within 18 digits"];
        if (request.Concurrency is < 1 or > LoadRequest.MaxConcurrency) errors["concurrency"] = [$"1..{LoadRequest.MaxConcurrency}"];
        if (request.DurationSeconds is < 1 or > LoadRequest.MaxDurationSeconds) errors["durationSeconds"] = [$"1..{LoadRequest.MaxDurationSeconds}"];
        if (request.MaxRequests is < 1) errors["maxRequests"] = ["at least 1 when given"];
        return errors;
    }

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex FiscalCode();

    [GeneratedRegex("^[0-9]{18}$")]
    private static partial Regex NoticeNumber();
}
