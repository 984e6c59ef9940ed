using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Web;

namespace DebtPositions.Gpd;

// POST …/paymentoptions/paids/{nav} (GPD setPaymentOptionAsAlreadyPaid, v1 and v2): the EC reports a notice paid
// outside pagoPA (at its counter, by bank transfer). The notice becomes PO_PAID with GPD's placeholder receipt and
// PSP, the position PARTIALLY_PAID or PAID, and the station answers it as already paid from then on. Statuses as GPD
// answers them: 404 unknown NAV, 422 a position that cannot be paid (draft, invalid, expired), 409 a notice or
// position already paid.
internal static class AlreadyPaid
{
    // What GPD writes in idReceipt and pspCompany of a notice marked as paid.
    public const string Placeholder = "MARKED_AS_PAID";

    public const string Route = "/organizations/{organizationfiscalcode}/paymentoptions/paids/{nav}";

    public static async Task<Results<Ok<OptionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, string nav, AlreadyPaidPaymentOptionModel? body, HttpRequest request,
        DebtPositionsDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var paymentDate = body?.PaymentDate ?? now;
        var errors = new Validation.Errors();
        if (!ServiceDefaults.PagoPa.NoticeNumber.IsWellFormed(nav)) errors.Add("nav", "a notice number (NAV) has 18 digits");
        if (RequestBounds.DayProblem(paymentDate) is { } far) errors.Add("paymentDate", $"paymentDate {far}");
        // Stricter than GPD: money cannot have arrived tomorrow, and the date decides the position's payment date.
        else if (paymentDate > now.AddMinutes(5)) errors.Add("paymentDate", "paymentDate is in the future");
        if (errors.Result.Count > 0) return GpdProblems.Validation(errors.Result);

        var iuv = ServiceDefaults.PagoPa.NoticeNumber.IuvOf(nav);
        var positionId = await db.PaymentOptions.Where(o => o.OrganizationFiscalCode == organizationfiscalcode && o.Iuv == iuv && o.Nav == nav)
            .Select(o => (long?)o.PositionId).SingleOrDefaultAsync(ct);
        if (positionId is null)
            return TypedResults.Problem($"No payment option with NAV {nav} for organization {organizationfiscalcode}",
                statusCode: StatusCodes.Status404NotFound, title: "Payment option not found");

        // The same lock as a receipt's: a receipt arriving now is applied before or after, never over this.
        await using var tx = await db.LockPositionsAsync([positionId.Value], ct);
        var position = await db.Positions.Whole().SingleAsync(p => p.Id == positionId, ct);
        var option = position.Options.Single(o => o.Iuv == iuv);
        if (position.Status is PositionStatus.Draft or PositionStatus.Invalid or PositionStatus.Expired)
            return TypedResults.Problem($"The payment option with NAV {nav} of organization {organizationfiscalcode} is not in payable state (position {position.Iupd} is {position.Status})",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not in payable state");
        if (option.IsPaid || position.Status is PositionStatus.Paid or PositionStatus.Reported)
            return DebtPositionsApi.Conflict($"A payment has already been recorded for NAV {nav} of organization {organizationfiscalcode} (position {position.Iupd} is {position.Status})");

        var cause = DebtPositionsApi.Cause(request);
        // Paid outside pagoPA: GPD records no amount, so the printed one is what was paid.
        position.RecordPayment(iuv, Placeholder, paymentDate, Placeholder, option.Amount, cause, now);
        db.PublishChange(position, cause, time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(GpdMapping.ToResponse(option));
    }
}

// GPD's AlreadyPaidPaymentOptionModel: when the money arrived (now when absent).
internal sealed record AlreadyPaidPaymentOptionModel(DateTimeOffset? PaymentDate);
