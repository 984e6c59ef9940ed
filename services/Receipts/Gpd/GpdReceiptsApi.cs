using ServiceDefaults.Time;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Receipts.Gpd;

// `data` of GPD's PaymentsResult: one receipt, as GPD's ReceiptModelResponse.
internal sealed record GpdReceipt(string OrganizationFiscalCode, string Iuv, string Debtor, string PaymentDateTime, string Status);

// GPD's PaymentsResult (gpd_payments.json).
internal sealed record GpdReceiptsPage(int CurrentPageNumber, int Length, int TotalPages, GpdReceipt[] Results);

// GPD's receipts API (gpd_payments.json, "Payments receipts API"): same paths, parameters and bodies, so an EC moving
// from GPD keeps its client. Differences are documented in docs/notes/Receipts.md.
internal static class GpdReceiptsApi
{

    public static IEndpointRouteBuilder MapGpdReceiptsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/payments/{organizationfiscalcode}").WithTags("Payments receipts API (GPD)");
        group.MapGet("/receipts", GetOrganizationReceipts).WithName("getOrganizationReceipts");
        group.MapGet("/receipts/{iuv}", GetReceiptByIuv).WithName("getReceiptByIUV");
        return app;
    }

    private static async Task<Results<Ok<GpdReceiptsPage>, ValidationProblem, ProblemHttpResult>> GetOrganizationReceipts(
        string organizationfiscalcode, ReceiptsDb db, CancellationToken ct, int pageNum = 0, int pageSize = 20, string? debtor = null,
        string? service = null, string? from = null, string? to = null, string? segregationCodes = null, string? debtorOrIuv = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (pageNum < 0) errors["pageNum"] = ["must be 0 or more"];
        if (pageSize is < 1 or > 100) errors["pageSize"] = ["must be between 1 and 100"];
        var codes = SegregationCodes(segregationCodes, errors);
        var (fromTime, toTime) = (Day(from, "from", errors, 0), Day(to, "to", errors, 1));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Receipts.AsNoTracking().Where(r => r.OrganizationFiscalCode == organizationfiscalcode);
        if (!string.IsNullOrEmpty(debtor)) query = query.Where(r => r.DebtorFiscalCode == debtor);
        if (!string.IsNullOrEmpty(service)) query = query.Where(r => r.Iuv.StartsWith(service));
        // GPD filters on the payment date only when both ends are given.
        if (fromTime is { } f && toTime is { } t) query = query.Where(r => r.PaymentDateTime >= f && r.PaymentDateTime < t);
        if (codes is not null) query = query.Where(r => codes.Contains(r.Iuv.Substring(0, 2)));
        if (!string.IsNullOrEmpty(debtorOrIuv))
            query = query.Where(r => r.Iuv.StartsWith(debtorOrIuv) || r.DebtorFiscalCode.StartsWith(debtorOrIuv));

        var total = await query.CountAsync(ct);
        if (total == 0)
            return TypedResults.Problem($"Not found receipts for Organization Fiscal Code {organizationfiscalcode} and page {pageNum}",
                statusCode: 404, title: "Not found the receipts");
        var totalPages = (total + pageSize - 1) / pageSize;
        if (pageNum >= totalPages)
            return TypedResults.Problem("The page number is too big for the filtered elements", statusCode: 400, title: "Not enough elements");
        var page = await query.OrderBy(r => r.Iuv).ThenBy(r => r.Id).Skip(pageNum * pageSize).Take(pageSize)
            .Select(r => new { r.OrganizationFiscalCode, r.Iuv, r.DebtorFiscalCode, r.PaymentDateTime }).ToListAsync(ct);
        var results = page.Select(r => new GpdReceipt(r.OrganizationFiscalCode, r.Iuv, r.DebtorFiscalCode, LocalDateTime(r.PaymentDateTime), "PAID")).ToArray();
        return TypedResults.Ok(new GpdReceiptsPage(pageNum, results.Length, totalPages, results));
    }

    // The receipt XML exactly as the Node sent it (GPD answers the paSendRT request it stored).
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetReceiptByIuv(
        string organizationfiscalcode, string iuv, ReceiptsDb db, CancellationToken ct, string? segregationCodes = null)
    {
        var errors = new Dictionary<string, string[]>();
        var codes = SegregationCodes(segregationCodes, errors);
        if (errors.Count > 0) return TypedResults.Problem(errors.First().Value[0], statusCode: 400, title: "Bad request");
        if (codes is not null && iuv.Length > 1 && !codes.Contains(iuv[..2]))
            return TypedResults.Problem(
                $"The caller does not have proper authorization to access IUV with the following segregation code {iuv[..2]} [Organization Fiscal Code={organizationfiscalcode}, IUV={iuv}]",
                statusCode: 403, title: "The receipt retrieve is forbidden");
        var receipt = await db.Receipts.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == organizationfiscalcode && r.Iuv == iuv)
            .OrderBy(r => r.Id).Select(r => new { r.ReceiptXml }).FirstOrDefaultAsync(ct);
        if (receipt is null)
            return TypedResults.Problem($"Not found a receipt for Organization Fiscal Code {organizationfiscalcode} and IUV {iuv}",
                statusCode: 404, title: "Not found the receipt");
        if (receipt.ReceiptXml is null)
            return TypedResults.Problem("The receipt is archived, but its XML did not reach this service (archived before the event carried it).",
                statusCode: 422, title: "Unable to process the request");
        return TypedResults.Content(receipt.ReceiptXml, "application/xml", System.Text.Encoding.UTF8);
    }

    private static string[]? SegregationCodes(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var codes = text.Split(',');
        if (codes.Any(c => c.Length != 2 || !c.All(char.IsAsciiDigit))) errors["segregationCodes"] = ["two-digit codes separated by commas"];
        return codes;
    }

    // A day (yyyy-MM-dd) or a local date-time, in Rome time; a bare `to` day includes the whole day.
    private static DateTimeOffset? Day(string? text, string name, Dictionary<string, string[]> errors, int daysAfterBareDate)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return RomeCalendar.StartOfDay(day.AddDays(daysAfterBareDate));
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && local.Kind != DateTimeKind.Utc)
            return RomeCalendar.InstantOf(local);
        errors[name] = ["a date (yyyy-MM-dd) or a local date-time (yyyy-MM-ddTHH:mm:ss)"];
        return null;
    }

    // GPD's paymentDateTime is a Java LocalDateTime: Italian wall-clock time, no offset.
    private static string LocalDateTime(DateTimeOffset instant) =>
        RomeCalendar.WallClockOf(instant).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
