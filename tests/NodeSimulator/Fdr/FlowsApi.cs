using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NodeSimulator.Fdr;

// Control API: make a simulated PSP publish a reporting flow, or a new revision of one.
internal static partial class FlowsApi
{
    private static readonly string[] PayStatuses = ["EXECUTED", "REVOKED", "STAND_IN", "STAND_IN_NO_RPT", "NO_RPT"];

    public static IEndpointRouteBuilder MapFlowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/simulator/flows").WithTags("Simulator: flows");
        group.MapPost("", Publish);
        group.MapPost("/generated", PublishGenerated);
        group.MapPost("/{fdr}/revisions", PublishRevision);
        group.MapGet("", List);
        return app;
    }

    private static Results<Created<FlowCreated>, ValidationProblem, ProblemHttpResult> Publish(FlowRequest request, FlowPublisher publisher)
    {
        var errors = Validate(request.ExtraPayments, "extraPayments");
        if (request.OrganizationFiscalCode is null || !FiscalCode().IsMatch(request.OrganizationFiscalCode))
            errors["organizationFiscalCode"] = ["11 digits required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (publisher.PublishNew(request) is not { } flow)
            return TypedResults.Problem($"No unreported payment of {request.OrganizationFiscalCode} by this PSP and no extra rows",
                statusCode: StatusCodes.Status409Conflict, title: "Nothing to report");
        return TypedResults.Created(FdrLocation(flow), Created(flow));
    }

    // A flow of many made-up rows (benchmark P4, infra/bench/reconcile-flow.sh): row i reports IUV i, receipt rcpt-i.
    private static Results<Created<FlowCreated>, ValidationProblem> PublishGenerated(GeneratedFlowRequest request, FlowPublisher publisher)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OrganizationFiscalCode is null || !FiscalCode().IsMatch(request.OrganizationFiscalCode))
            errors["organizationFiscalCode"] = ["11 digits required"];
        if (request.Payments is not (>= 1 and <= GeneratedFlowRequest.MaxPayments))
            errors["payments"] = [$"1 to {GeneratedFlowRequest.MaxPayments} rows"];
        if (request.PspId is { Length: > 35 }) errors["pspId"] = ["at most 35 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var flow = publisher.PublishGenerated(request);
        return TypedResults.Created(FdrLocation(flow), Created(flow));
    }

    private static Results<Created<FlowCreated>, ValidationProblem, ProblemHttpResult> PublishRevision(
        string fdr, RevisionRequest? request, FlowPublisher publisher)
    {
        request ??= new RevisionRequest();
        var errors = Validate(request.Payments, "payments");
        foreach (var (key, value) in Validate(request.ExtraPayments, "extraPayments")) errors[key] = value;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (publisher.PublishRevision(fdr, request) is not { } flow)
            return TypedResults.Problem($"No flow {fdr}", statusCode: 404, title: "Flow not found");
        return TypedResults.Created(FdrLocation(flow), Created(flow));
    }

    private static Ok<FlowCreated[]> List(FlowStore store, string? organizationFiscalCode) =>
        TypedResults.Ok(store.LatestOf(organizationFiscalCode).Select(Created).ToArray());

    private static FlowCreated Created(PublishedFlow f) => new(f.Fdr, f.Revision, f.PspId, f.OrganizationId, f.TotPayments, f.SumPayments);

    private static string FdrLocation(PublishedFlow f) =>
        $"/organizations/{f.OrganizationId}/fdrs/{f.Fdr}/revisions/{f.Revision}/psps/{f.PspId}";

    private static Dictionary<string, string[]> Validate(IReadOnlyList<FlowRowInput>? rows, string field)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < (rows?.Count ?? 0); i++)
        {
            var row = rows![i];
            if (string.IsNullOrWhiteSpace(row.Iuv) || string.IsNullOrWhiteSpace(row.Iur)) errors[$"{field}[{i}]"] = ["iuv and iur are required"];
            else if (row.IdTransfer is < 1 or > 5) errors[$"{field}[{i}].idTransfer"] = ["1..5"];
            else if (row.PayStatus is not null && !PayStatuses.Contains(row.PayStatus, StringComparer.OrdinalIgnoreCase))
                errors[$"{field}[{i}].payStatus"] = [string.Join(", ", PayStatuses)];
        }
        return errors;
    }

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex FiscalCode();
}
