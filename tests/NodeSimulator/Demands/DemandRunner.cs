using System.Globalization;
using System.Security;
using Microsoft.Extensions.Options;
using NodeSimulator.Payments;
using NodeSimulator.Soap;

namespace NodeSimulator.Demands;

// Body of POST /simulator/demands. ServiceData: The service's XML document as the PSP collected it. When absent,
// GPD's general service is used: <service
// xmlns="…/GeneralService"><amount>…</amount><description>…</description></service> . Pay: Then pay the notice the
// station gave, as any other (verify, get payment, receipt).
internal sealed record DemandRequest(
    string? OrganizationFiscalCode, string? ServiceId = "00001", string? SubjectId = "00001",
    long AmountCents = 2_500, string? Description = "Pagamento spontaneo", string? ServiceData = null,
    bool Pay = false, string? SoapVersion = "V2", MessageStyle Style = MessageStyle.Compact);

internal sealed record DemandResult(
    string OrganizationFiscalCode, string ServiceId, string Outcome, StepResult Step, string? NoticeNumber = null,
    long? AmountCents = null, string? Description = null, PaymentResult? Payment = null, bool SchemaValidation = false);

// A spontaneous payment as the Node runs it (SANP "richiesta di creazione"): paDemandPaymentNotice with the base64
// service data, then, when asked, the normal payment of the notice the EC created.
internal sealed class DemandRunner(StationClient station, PaymentRunner payments, SoapSchemas schemas, IOptions<NodeOptions> options)
{
    public const string GeneralServiceNamespace = "http://PuntoAccessoPSP.spcoop.gov.it/GeneralService";

    public async Task<DemandResult> RunAsync(DemandRequest request, CancellationToken ct)
    {
        var node = options.Value;
        var caller = new Caller(request.OrganizationFiscalCode!, node.BrokerId, node.StationId);
        var data = request.ServiceData ?? GeneralService(request.AmountCents, request.Description ?? "");
        var (step, payload) = await station.CallAsync("paDemandPaymentNotice",
            NodeRequests.Demand(caller, request.ServiceId!, request.SubjectId!, data), node.VerifyTimeout, ct, request.Style);
        DemandResult Result(string outcome, StepResult s, string? nav = null, long? amount = null, string? description = null, PaymentResult? payment = null) =>
            new(caller.OrganizationFiscalCode, request.ServiceId!, outcome, s, nav, amount, description, payment, schemas.Enabled);
        if (!step.IsOk) return Result("KO", step);

        // What the Node needs to go on: the new notice and how much it is.
        var nav = payload.Child("qrCode").Text("noticeNumber");
        var amount = payload.Child("paymentList").Child("paymentOptionDescription").Text("amount");
        if (nav is null || amount is null)
            return Result("KO", step with { Outcome = "KO", FaultCode = StationClient.BadResponse, FaultString = "OK without qrCode/noticeNumber or amount" });
        if (payload.Child("qrCode").Text("fiscalCode") != caller.OrganizationFiscalCode)
            return Result("KO", step with { Outcome = "KO", FaultCode = StationClient.BadResponse, FaultString = "qrCode/fiscalCode is not the EC asked" });
        var cents = SoapXml.Cents(amount);
        var description = payload.Text("paymentDescription");
        if (!request.Pay) return Result("OK", step, nav, cents, description);

        var payment = await payments.RunAsync(new PaymentRequest(caller.OrganizationFiscalCode, nav, request.SoapVersion, Style: request.Style), ct);
        return Result(payment.Outcome, step, nav, cents, description, payment);
    }

    // GPD's general service (general-service.xsd): any elements under <service>; GPD reads amount and description.
    public static string GeneralService(long amountCents, string description) =>
        $"""<service xmlns="{GeneralServiceNamespace}"><amount>{SoapXml.Euros(amountCents)}</amount><description>{SecurityElement.Escape(description)}</description></service>""";
}
