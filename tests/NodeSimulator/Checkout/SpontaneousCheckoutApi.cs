using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using NodeSimulator.Demands;
using NodeSimulator.Soap;

namespace NodeSimulator.Checkout;

// Body of POST /checkout/ec/v1/spontaneous-notices: the EC, the catalogue's service and the payer's data (the
// service's XML).
internal sealed record SpontaneousNoticeRequest(string? OrganizationFiscalCode, string? ServiceId, string? ServiceData);

// The notice the EC created: what the portal shows and pays next.
internal sealed record SpontaneousNotice(string NoticeNumber, string FiscalCode, long Amount, string? Description);

// A spontaneous payment started from the EC's portal (ADR 0060): the checkout asks the EC's station for a notice as
// the Node does for a PSP, with paDemandPaymentNotice (idServizio, the payer's data in base64), and answers the
// notice the station returned; the portal then pays it through the cart like any other notice. Not an API of the real
// checkout: the simulator's stand-in for "the Node asks the station", reached by the portal's server only.
internal static partial class SpontaneousCheckoutApi
{
    public static IEndpointRouteBuilder MapSpontaneousCheckout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/checkout/ec/v1/spontaneous-notices", Demand).WithTags("Simulator: checkout");
        return app;
    }

    private static async Task<Results<Created<SpontaneousNotice>, ValidationProblem, ProblemHttpResult>> Demand(
        SpontaneousNoticeRequest request, DemandRunner runner, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OrganizationFiscalCode is null || !ElevenDigits().IsMatch(request.OrganizationFiscalCode)) errors["organizationFiscalCode"] = ["11 digits required"];
        // paForNode.xsd: idServizio is exactly 5 characters.
        if (request.ServiceId is not { Length: 5 }) errors["serviceId"] = ["exactly 5 characters"];
        if (request.ServiceData is not { Length: > 0 and <= 10_000 } data || !IsXml(data)) errors["serviceData"] = ["an XML document of at most 10,000 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        DemandResult result;
        try
        {
            // One subject per demand: the station's idSoggettoServizio names the payer's request, not a person.
            result = await runner.RunAsync(new DemandRequest(request.OrganizationFiscalCode, request.ServiceId,
                Random.Shared.Next(0, 100_000).ToString("00000", System.Globalization.CultureInfo.InvariantCulture), ServiceData: request.ServiceData), ct);
        }
        catch (StationUnreachableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE");
        }
        if (result.Outcome != "OK" || result.NoticeNumber is null || result.AmountCents is null)
            return TypedResults.Problem(result.Step.FaultString, statusCode: StatusCodes.Status422UnprocessableEntity, title: result.Step.FaultCode ?? "KO");
        return TypedResults.Created((string?)null,
            new SpontaneousNotice(result.NoticeNumber, result.OrganizationFiscalCode, result.AmountCents.Value, result.Description));
    }

    private static bool IsXml(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read()) { }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex ElevenDigits();
}
