using Contracts.NodeAdapter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Receipts;

internal static class ReceiptsApi
{
    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/receipts/organizations/{organizationFiscalCode}").WithTags("Receipts");
        group.MapGet("/receipts", ListReceipts);
        group.MapGet("/receipts/{receiptId}", GetReceipt);
        return app;
    }

    // Receipts of one EC, optionally of one IUV, newest first.
    private static async Task<Ok<ReceiptView[]>> ListReceipts(
        string organizationFiscalCode, string? iuv, ReceiptsDb db, CancellationToken ct, int limit = 100)
    {
        var query = db.Receipts.AsNoTracking().Where(r => r.OrganizationFiscalCode == organizationFiscalCode);
        if (!string.IsNullOrEmpty(iuv)) query = query.Where(r => r.Iuv == iuv);
        var receipts = await query.OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
        return TypedResults.Ok(receipts.Select(ReceiptView.From).ToArray());
    }

    private static async Task<Results<Ok<ReceiptView>, ProblemHttpResult>> GetReceipt(
        string organizationFiscalCode, string receiptId, ReceiptsDb db, CancellationToken ct)
    {
        var receipt = await db.Receipts.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrganizationFiscalCode == organizationFiscalCode && r.ReceiptId == receiptId, ct);
        return receipt is null
            ? TypedResults.Problem($"No receipt {receiptId} for organization {organizationFiscalCode}", statusCode: 404, title: "Receipt not found")
            : TypedResults.Ok(ReceiptView.From(receipt));
    }
}

internal sealed record ReceiptView(
    string OrganizationFiscalCode, string ReceiptId, string NoticeNumber, string Iuv, long AmountCents,
    DateTimeOffset PaymentDateTime, string PspId, bool StandIn, DateTimeOffset RecordedAt, ReceiptReceived Receipt)
{
    public static ReceiptView From(Receipt r) => new(r.OrganizationFiscalCode, r.ReceiptId, r.NoticeNumber, r.Iuv,
        r.AmountCents, r.PaymentDateTime, r.PspId, r.StandIn, r.RecordedAt, r.ToReceived());
}
