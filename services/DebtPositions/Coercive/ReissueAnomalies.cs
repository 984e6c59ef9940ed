using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Coercive;

// GET …/coercive/anomalies[?iupd=]: payments of cancelled notices, newest first, with what each did to the new
// position.
internal static class ReissueAnomalies
{
    public static async Task<Results<Ok<List<ReissueAnomaly>>, ValidationProblem>> List(
        string organizationfiscalcode, string? iupd, int? limit, DebtPositionsDb db, CancellationToken ct)
    {
        var size = limit ?? 100;
        if (size is < 1 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit is between 1 and 1000"] });
        var filter = iupd ?? "";
        var rows = await db.Database.SqlQuery<ReissueAnomaly>($"""
            SELECT receipt_id AS "ReceiptId", iuv AS "Iuv", old_iupd AS "OldIupd", new_iupd AS "NewIupd", kind AS "Kind",
                   paid_cents AS "PaidCents", detail AS "Detail", occurred_at AS "OccurredAt"
            FROM debt_positions.reissue_anomalies
            WHERE organization_fiscal_code = {organizationfiscalcode} AND ({filter} = '' OR old_iupd = {filter} OR new_iupd = {filter})
            ORDER BY id DESC LIMIT {size}
            """).ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}

// One payment of a cancelled notice: kind settled, reduced or refund-due.
internal sealed record ReissueAnomaly(
    string ReceiptId, string Iuv, string OldIupd, string NewIupd, string Kind, long PaidCents, string Detail, DateTimeOffset OccurredAt);
