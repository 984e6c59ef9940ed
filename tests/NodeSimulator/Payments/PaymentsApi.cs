using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using NodeSimulator.Soap;

namespace NodeSimulator.Payments;

// Control API: make the simulated Node pay a notice, list settled payments, resend a receipt.
internal static partial class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/simulator/payments").WithTags("Simulator: payments");
        group.MapPost("", Pay);
        group.MapGet("", List);
        group.MapPost("/{receiptId}/resend", Resend);
        return app;
    }

    private static async Task<Results<Ok<PaymentResult>, ValidationProblem, ProblemHttpResult>> Pay(
        PaymentRequest request, PaymentRunner runner, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        // The Node validates what PSPs send before calling the EC: same patterns as paForNode.xsd.
        if (request.OrganizationFiscalCode is null || !FiscalCode().IsMatch(request.OrganizationFiscalCode))
            errors["organizationFiscalCode"] = ["11 digits required"];
        if (request.NoticeNumber is null || !NoticeNumber().IsMatch(request.NoticeNumber))
            errors["noticeNumber"] = ["18 digits required"];
        if (request.SoapVersion is not (null or "V1" or "V2")) errors["soapVersion"] = ["V1 or V2"];
        if (request.FeeCents < 0) errors["feeCents"] = ["must not be negative"];
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

    private static Ok<SettledPaymentView[]> List(SettledPayments settled, string? organizationFiscalCode) =>
        TypedResults.Ok(settled.List(organizationFiscalCode).Select(p => new SettledPaymentView(
            p.OrganizationFiscalCode, p.NoticeNumber, p.Iuv, p.ReceiptId, p.PspId, p.PaidAt, p.AmountCents,
            p.Transfers, p.ReportedIn)).ToArray());

    private static async Task<Results<Ok<StepResult>, ProblemHttpResult>> Resend(
        string receiptId, SettledPayments settled, PaymentRunner runner, CancellationToken ct)
    {
        if (settled.Find(receiptId) is not { } payment)
            return TypedResults.Problem($"No settled payment with receipt {receiptId}", statusCode: 404, title: "Payment not found");
        try
        {
            return TypedResults.Ok(await runner.ResendAsync(payment, ct));
        }
        catch (StationUnreachableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "Station unreachable");
        }
    }

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex FiscalCode();

    [GeneratedRegex("^[0-9]{18}$")]
    private static partial Regex NoticeNumber();
}

internal sealed record SettledPaymentView(
    string OrganizationFiscalCode, string NoticeNumber, string Iuv, string ReceiptId, string PspId, DateTimeOffset PaidAt,
    long AmountCents, IReadOnlyList<SettledTransfer> Transfers, string? ReportedIn);
