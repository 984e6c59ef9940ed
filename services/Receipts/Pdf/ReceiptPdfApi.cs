using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Receipts.Pdf;

internal static class ReceiptPdfApi
{
    public static WebApplicationBuilder AddReceiptPdf(this WebApplicationBuilder builder)
    {
        PdfFonts.EnsureInitialised(builder.Configuration["ReceiptPdf:FontDirectory"] ?? "/usr/share/fonts/truetype/dejavu");
        return builder;
    }

    public static IEndpointRouteBuilder MapReceiptPdf(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/receipts/organizations/{organizationFiscalCode}/receipts/{receiptId}/pdf", GetPdf).WithTags("Receipts");
        return app;
    }

    // The citizen's receipt as a PDF, rendered from the archived receipt on each request (it never changes).
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdf(
        string organizationFiscalCode, string receiptId, ReceiptsDb db, CancellationToken ct)
    {
        var receipt = await db.Receipts.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrganizationFiscalCode == organizationFiscalCode && r.ReceiptId == receiptId, ct);
        if (receipt is null)
            return TypedResults.Problem($"No receipt {receiptId} for organization {organizationFiscalCode}", statusCode: 404, title: "Receipt not found");
        return TypedResults.File(ReceiptPdf.Render(receipt.ToReceived()), "application/pdf", $"ricevuta-{receipt.Iuv}.pdf");
    }
}
