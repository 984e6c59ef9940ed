using NodeAdapter.Station;
using ServiceDefaults.Security;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodeAdapter.Receipts;

namespace NodeAdapter.Soap;

// The one station URL the Node calls: SOAP 1.1 POSTs, and the WSDL/XSDs on GET.
internal static class StationEndpoint
{
    public const string Path = "/pagopa/paForNode";

    public static IEndpointRouteBuilder MapStation(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Answer).WithTags("Station").DisableAntiforgery().RequireNode();
        app.MapGet(Path, Describe).WithTags("Station").RequireNode();
        return app;
    }

    private static async Task<FileContentHttpResult> Answer(
        HttpContext http, SoapRequestReader reader, IServiceProvider services, IOptions<StationOptions> options,
        StationMetrics metrics, ILogger<SoapRequest> logger, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        SoapRequest? request = null;
        SoapReply reply;
        try
        {
            request = await reader.ReadAsync(http.Request, ct);
            reply = await DispatchAsync(request, services, options.Value, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The Node must get a well-formed answer, never a stack trace: log it, answer PAA_SYSTEM_ERROR.
            logger.LogError(e, "paForNode {Operation} failed", request?.Operation?.Action);
            reply = request?.Operation is { } operation
                ? SoapReply.Fault(operation, options.Value.BrokerId, Faults.SystemError, "internal error; the call can be retried")
                : SoapReply.UnknownOperation("internal error");
        }
        metrics.SoapAnswered(reply.Operation, reply.Outcome, reply.FaultCode, Stopwatch.GetElapsedTime(started));
        return TypedResults.Bytes(reply.ToEnvelope(), "text/xml; charset=utf-8");
    }

    private static async Task<SoapReply> DispatchAsync(SoapRequest request, IServiceProvider services, StationOptions station, CancellationToken ct)
    {
        if (request.FaultCode == Faults.MustUnderstand) return SoapReply.MustUnderstand(request.FaultDescription!);
        if (request.Operation is not { } operation) return SoapReply.UnknownOperation(request.FaultDescription ?? "unknown operation");
        if (request.FaultCode is { } code) return SoapReply.Fault(operation, station.BrokerId, code, request.FaultDescription!);
        if (StationGuard.Check(request, station) is { } refused) return refused;
        return operation.Action switch
        {
            "paVerifyPaymentNotice" => await services.GetRequiredService<VerifyPaymentNotice>().HandleAsync(request, ct),
            "paGetPayment" or "paGetPaymentV2" => await services.GetRequiredService<GetPayment>().HandleAsync(request, ct),
            "paSendRT" or "paSendRTV2" => await services.GetRequiredService<SendReceipt>().HandleAsync(request, ct),
            _ => await services.GetRequiredService<DemandPaymentNotice>().HandleAsync(request, ct),
        };
    }

    // ?wsdl: the official WSDL with our address; ?xsd=name: its schemas, imports pointing back here.
    private static Results<ContentHttpResult, ProblemHttpResult> Describe(HttpContext http, IOptions<StationOptions> options)
    {
        // The Host header is the caller's: escape it before it goes into an XML attribute.
        var url = System.Security.SecurityElement.Escape(
            options.Value.PublicUrl ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Path}");
        var query = http.Request.Query;
        if (query.ContainsKey("wsdl")) return TypedResults.Content(StationDescription.Wsdl(url), "text/xml; charset=utf-8");
        if (query["xsd"].ToString() is { Length: > 0 } name && StationDescription.Xsd(url, name) is { } xsd)
            return TypedResults.Content(xsd, "text/xml; charset=utf-8");
        return TypedResults.Problem("Ask for ?wsdl or ?xsd=paForNode.xsd / ?xsd=sac-common-types-1.0.xsd", statusCode: 404, title: "Not found");
    }
}
