using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;
using nietras.SeparatedValues;
using Reporting.Classification;

namespace Reporting.Exports;

// What an EC collected in a period, per revenue type (taxonomy category), budget chapter and assessment, as detail
// rows (one per paid transfer, traceable to its receipt, flow and treasury movements) and totals, in CSV or XLSX. The
// columns are part of the API: docs/treasury.md lists them; add columns at the end, never rename.
internal static class AccountingExport
{
    private const int MaxDays = 366;

    public static readonly string[] DetailColumns =
    [
        "organization_fiscal_code", "iuv", "receipt_id", "id_transfer", "payment_date", "psp_id", "amount_cents", "amount_eur",
        "revenue_type", "chapter", "assessment", "iupd", "flow_id", "regulation_date", "reported_cents", "flow_cashed_cents",
        "treasury_movement_ids", "treasury_booking_date", "state", "labels", "treasury_provisionals",
    ];

    public static readonly string[] TotalColumns =
        ["revenue_type", "chapter", "assessment", "transfers", "amount_cents", "reported_cents", "cashed_cents", "not_cashed_cents"];

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> DownloadAsync(
        string organizationFiscalCode, DateOnly from, DateOnly to, string? format, string? view, string? revenueType, string? chapter,
        string? assessment, ReportingDb db, CancellationToken ct)
    {
        var errors = DaySummaries.PeriodProblems(from, to, MaxDays);
        if (format is not (null or "csv" or "xlsx")) errors["format"] = ["csv (default) or xlsx"];
        if (view is not (null or "detail" or "totals")) errors["view"] = ["detail (default) or totals; an XLSX holds both sheets"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (start, end) = (RomeCalendar.StartOfDay(from), RomeCalendar.StartOfDay(to.AddDays(1)));
        var query = db.TransferReconciliations.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.PaidCents != null && r.PaymentDateTime >= start && r.PaymentDateTime < end);
        if (revenueType is not null) query = query.Where(r => r.Category == revenueType);
        if (chapter is not null) query = query.Where(r => r.AccountingChapter == chapter);
        if (assessment is not null) query = query.Where(r => r.AccountingAssessment == assessment);
        var rows = await query.OrderBy(r => r.PaymentDateTime).ThenBy(r => r.Iuv).ThenBy(r => r.IdTransfer).ToListAsync(ct);

        var provisionals = await ProvisionalsAsync(db, rows, ct);
        var detail = rows.Select(r => Detail(r, provisionals)).ToList();
        var totals = rows.GroupBy(r => (r.Category ?? "", r.AccountingChapter ?? "", r.AccountingAssessment ?? ""))
            .OrderBy(g => g.Key)
            .Select(g => Total(g.Key, g.ToList())).ToList();
        var name = $"accounting-{organizationFiscalCode}-{from:yyyyMMdd}-{to:yyyyMMdd}";
        return format == "xlsx"
            ? TypedResults.File(Workbook.Write([("detail", DetailColumns, detail), ("totals", TotalColumns, totals)]),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : view == "totals"
                ? TypedResults.File(Csv(TotalColumns, totals), "text/csv; charset=utf-8", name + "-totals.csv")
                : TypedResults.File(Csv(DetailColumns, detail), "text/csv; charset=utf-8", name + ".csv");
    }

    // The treasurer's provisional receipt (sospeso, "year/number") of each movement that has one: the reversale that
    // regularises it quotes that number, and charges the rows that name it to their chapter (RECONCILIATION.md §2.1).
    private static async Task<Dictionary<long, string>> ProvisionalsAsync(ReportingDb db, List<TransferReconciliation> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => (r.FlowMovementIds ?? []).Concat(r.IuvMovementIds ?? [])).Distinct().ToList();
        if (ids.Count == 0) return [];
        return await db.TreasuryMovements.AsNoTracking().Where(m => ids.Contains(m.Id) && m.ProvisionalNumber != null)
            .ToDictionaryAsync(m => m.Id, m => m.ProvisionalYear is { } year ? $"{year}/{m.ProvisionalNumber}" : m.ProvisionalNumber!, ct);
    }

    private static object?[] Detail(TransferReconciliation r, Dictionary<long, string> provisionals)
    {
        long[] movements = [.. r.FlowMovementIds ?? [], .. r.IuvMovementIds ?? []];
        var day = RomeCalendar.DateOf(r.PaymentDateTime!.Value);
        return
        [
            r.OrganizationFiscalCode, r.Iuv, r.Iur, r.IdTransfer, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.PspId,
            r.PaidCents, (r.PaidCents!.Value / 100m).ToString("0.00", CultureInfo.InvariantCulture),
            r.Category, r.AccountingChapter, r.AccountingAssessment, r.Iupd, r.FlowId, r.RegulationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.ReportedCents, r.FlowCashedCents ?? r.IuvCashedCents, string.Join(' ', movements),
            (r.FlowBookingDate ?? r.IuvBookingDate)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.State, string.Join(' ', r.Labels),
            string.Join(' ', movements.Select(id => provisionals.GetValueOrDefault(id)).OfType<string>().Distinct()),
        ];
    }

    private static object?[] Total((string Type, string Chapter, string Assessment) key, List<TransferReconciliation> rows)
    {
        var amount = rows.Sum(r => r.PaidCents!.Value);
        var cashed = rows.Where(r => r.State == "cashed").Sum(r => r.PaidCents!.Value);
        return [key.Type, key.Chapter, key.Assessment, rows.Count, amount, rows.Sum(r => r.ReportedCents ?? 0), cashed, amount - cashed];
    }

    private static byte[] Csv(string[] columns, List<object?[]> rows)
    {
        using var writer = Sep.New(';').Writer(o => o with { Escape = true }).ToText();
        foreach (var values in rows)
        {
            using var row = writer.NewRow();
            for (var i = 0; i < columns.Length; i++)
                row[columns[i]].Set(values[i] is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : values[i]?.ToString() ?? "");
        }
        if (rows.Count == 0) return System.Text.Encoding.UTF8.GetBytes(string.Join(';', columns) + "\n");
        writer.Flush();
        return System.Text.Encoding.UTF8.GetBytes(writer.ToString());
    }
}
