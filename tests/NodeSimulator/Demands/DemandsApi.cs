using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using NodeSimulator.Soap;

namespace NodeSimulator.Demands;

// Control API: make a simulated PSP ask the EC for a spontaneous-payment notice (and pay it).
internal static partial class DemandsApi
{
    public static IEndpointRouteBuilder MapDemandsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/simulator/demands", Demand).WithTags("Simulator: spontaneous payments");
        return app;
    }

    private static async Task<Results<Ok<DemandResult>, ValidationProblem, ProblemHttpResult>> Demand(
        DemandRequest request, DemandRunner runner, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        // The same patterns as paForNode.xsd (idServizio and idSoggettoServizio are exactly 5 characters).
        if (request.OrganizationFiscalCode is null || !FiscalCode().IsMatch(request.OrganizationFiscalCode))
            errors["organizationFiscalCode"] = ["11 digits required"];
        if (request.ServiceId is not { Length: 5 }) errors["serviceId"] = ["exactly 5 characters"];
        if (request.SubjectId is not { Length: 5 }) errors["subjectId"] = ["exactly 5 characters"];
        if (request.ServiceData is null && request.AmountCents <= 0) errors["amountCents"] = ["must be positive"];
        if (request.SoapVersion is not (null or "V1" or "V2")) errors["soapVersion"] = ["V1 or V2"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        try
        {
            return TypedResults.Ok(await runner.RunAsync(request, ct));
        }
        catch (StationUnreachableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "Station unreachable");
        }
    }

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex FiscalCode();
}
