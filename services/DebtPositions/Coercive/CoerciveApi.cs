using Microsoft.AspNetCore.Http.HttpResults;

namespace DebtPositions.Coercive;

// Coercive collection (ours; GPD has none): re-issue one position or every overdue position of a revenue type, follow
// the bulk job, export the ruolo, list the payments of cancelled notices. docs/coercive.md.
internal static class CoerciveApi
{
    public const string Prefix = "/api/debt-positions/v1/organizations/{organizationfiscalcode}/coercive";

    public static IEndpointRouteBuilder MapCoerciveApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(DebtPositionsApi.Prefix + "/{iupd}/reissue", ReissueOne.Handle).WithTags("Coercive collection")
            .WithSummary("Cancel a VALID or EXPIRED position and re-issue it with the COERCIVE charges, interest and costs");
        var group = app.MapGroup(Prefix).WithTags("Coercive collection");
        group.MapPost("/reissues", ReissueJobsApi.Start)
            .WithSummary("Re-issue every overdue position of a revenue type (a job: one per EC at a time)");
        group.MapGet("/reissues/{id:guid}", ReissueJobsApi.Get).WithSummary("Where a bulk re-issue stands");
        group.MapPost("/reissues/{id:guid}/cancel", ReissueJobsApi.Cancel)
            .WithSummary("Stop a queued or running bulk re-issue: committed batches stay, nothing further is re-issued");
        group.MapGet("/ruolo", Ruolo.Handle).WithSummary("The re-issued positions for a coercive-collection provider, as CSV");
        group.MapGet("/anomalies", ReissueAnomalies.List).WithSummary("Payments of cancelled notices and what they did to the new positions");
        return app;
    }

    public static string Location(string organization, Guid id) =>
        $"{Prefix.Replace("{organizationfiscalcode}", organization, StringComparison.Ordinal)}/reissues/{id}";

    public static ProblemHttpResult NotConfigured() => TypedResults.Problem(
        "Coercive re-issue needs Actualisation (Actualisation__BaseUrl is not configured)", statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Actualisation not configured");

    // No answer from IuvIssuance or Actualisation, after the resilience handler's retries (ADR 0039).
    public static bool IsUnavailable(Exception e) =>
        e is HttpRequestException or Refit.ApiException or Refit.ApiRequestException or Polly.ExecutionRejectedException or InvalidDataException;

    public static ProblemHttpResult Unavailable(Exception e) => TypedResults.Problem(
        $"IuvIssuance or Actualisation is unavailable ({e.Message}); nothing was changed, retry later",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Dependency unavailable");
}
