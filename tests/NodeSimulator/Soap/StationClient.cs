using System.Diagnostics;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace NodeSimulator.Soap;

// The station could not be reached at all (connection refused, gateway without upstream).
internal sealed class StationUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

// What one SOAP call to the station produced, judged the way the Node judges it.
internal sealed record StepResult(
    string Operation,
    string Outcome,
    int HttpStatus,
    long ElapsedMs,
    string? FaultCode = null,
    string? FaultString = null,
    string? Description = null,
    IReadOnlyList<string>? SchemaErrors = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOk => Outcome == "OK";
}

// Sends paForNode operations to the EC station (SOAP 1.1, SOAPAction = operation name).
internal sealed class StationClient(HttpClient http, IOptions<NodeOptions> options, SoapSchemas schemas)
{
    public const string NodeTimeout = "PPT_STAZIONE_INT_PA_TIMEOUT";
    public const string BadResponse = "PPT_STAZIONE_INT_PA_ERRORE_RESPONSE";

    private static readonly Dictionary<string, string> ResponseElements = new()
    {
        ["paVerifyPaymentNotice"] = "paVerifyPaymentNoticeRes",
        ["paGetPayment"] = "paGetPaymentRes",
        ["paGetPaymentV2"] = "paGetPaymentV2Response",
        ["paSendRT"] = "paSendRTRes",
        ["paSendRTV2"] = "paSendRTV2Response",
        ["paDemandPaymentNotice"] = "paDemandPaymentNoticeResponse",
    };

    // Calls operation; returns the step result and the response payload when it was usable. validate false skips the
    // XSD checks both ways (a load run that wants the simulator's own CPU out of the measurement); the answer is
    // still judged on element and outcome.
    public async Task<(StepResult Step, XElement? Payload)> CallAsync(string operation, XElement request, TimeSpan timeout,
        CancellationToken ct, MessageStyle style = MessageStyle.Compact, bool validate = true)
    {
        var requestErrors = validate ? schemas.Validate(request) : [];
        if (requestErrors.Count > 0)
            throw new InvalidOperationException($"the simulator built an invalid {operation}: {string.Join("; ", requestErrors)}");

        using var message = new HttpRequestMessage(HttpMethod.Post, options.Value.StationUrl)
        {
            Content = new StringContent(MessageStyles.Render(request, style), Encoding.UTF8, "text/xml"),
        };
        message.Headers.TryAddWithoutValidation("SOAPAction", $"\"{operation}\"");
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(message, timeoutCts.Token);
            body = await response.Content.ReadAsStringAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (new StepResult(operation, "KO", 0, clock.ElapsedMilliseconds, NodeTimeout,
                $"no answer within {timeout.TotalSeconds:0} s"), null);
        }
        catch (HttpRequestException e)
        {
            throw new StationUnreachableException($"{options.Value.StationUrl}: {e.Message}", e);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                throw new StationUnreachableException($"{options.Value.StationUrl} answered {(int)response.StatusCode}");
            return Judge(operation, (int)response.StatusCode, body, clock.ElapsedMilliseconds, validate);
        }
    }

    private (StepResult, XElement?) Judge(string operation, int status, string body, long elapsed, bool validate)
    {
        XElement? payload;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(body), settings);
            payload = XDocument.Load(reader).Root.Child("Body")?.Elements().FirstOrDefault();
        }
        catch (XmlException e)
        {
            return (new StepResult(operation, "KO", status, elapsed, BadResponse, "response is not XML", e.Message), null);
        }
        if (payload is null)
            return (new StepResult(operation, "KO", status, elapsed, BadResponse, "no SOAP Body payload"), null);
        if (payload.Name.LocalName == "Fault")
            return (new StepResult(operation, "KO", status, elapsed, BadResponse, payload.Text("faultstring") ?? "SOAP Fault"), null);

        if (payload.Name != SoapXml.PaForNode + ResponseElements[operation])
            return (new StepResult(operation, "KO", status, elapsed, BadResponse, $"expected {ResponseElements[operation]}, got {payload.Name}"), null);
        var errors = validate ? schemas.Validate(payload) : [];
        if (errors.Count > 0)
            return (new StepResult(operation, "KO", status, elapsed, BadResponse, "response violates paForNode.xsd", null, errors), payload);
        var fault = payload.Child("fault");
        var outcome = payload.Text("outcome") ?? "KO";
        return (new StepResult(operation, outcome, status, elapsed, fault.Text("faultCode"), fault.Text("faultString"),
            fault.Text("description")), payload);
    }
}
