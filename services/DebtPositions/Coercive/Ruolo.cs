using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;
using nietras.SeparatedValues;

namespace DebtPositions.Coercive;

// GET …/coercive/ruolo: the positions re-issued for coercive collection, one row per position, for a
// coercive-collection provider. The columns are part of the API (docs/coercive.md): add at the end, never rename.
// Amounts are those of the re-issue day; the station follows the COERCIVE rule's calendar after it.
internal static class Ruolo
{
    public static readonly string[] Columns =
    [
        "iupd", "reissue_of", "replaced_notice", "revenue_type", "status", "debtor_type", "debtor_fiscal_code", "debtor_name",
        "street_name", "civic_number", "postal_code", "city", "province", "country", "email", "iuv", "nav", "amount_cents",
        "capital_cents", "charges_cents", "interest_cents", "costs_cents", "paid_cents", "enforceable_from", "due_date", "reissued_at",
    ];

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Handle(
        string organizationfiscalcode, string? revenueType, string? status, DebtPositionsDb db, CancellationToken ct)
    {
        if (status is not (null or "open" or "all"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["open (default: not yet paid nor cancelled) or all"] });
        var query = db.Positions.AsNoTracking().Where(p => p.OrganizationFiscalCode == organizationfiscalcode && p.ReissueOf != null);
        if (revenueType is not null) query = query.Where(p => p.RevenueType == revenueType);
        if (status != "all") query = query.Where(p => p.Status == PositionStatus.Valid || p.Status == PositionStatus.Expired);
        var positions = await query.OrderBy(p => p.Id).Whole().ToListAsync(ct);

        using var writer = Sep.New(';').Writer(o => o with { Escape = true }).ToText();
        foreach (var position in positions)
        {
            await using var row = writer.NewRow(ct);
            var values = Row(position);
            for (var i = 0; i < Columns.Length; i++) row[Columns[i]].Set(values[i]);
        }
        writer.Flush();
        var text = positions.Count == 0 ? string.Join(';', Columns) + "\n" : writer.ToString();
        var day = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", $"ruolo-{organizationfiscalcode}-{day}.csv");
    }

    private static string[] Row(Position p)
    {
        var o = p.Options.OrderBy(x => x.Id).First();
        var meta = o.MetadataEntries.GroupBy(m => m.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        string Meta(string key) => meta.GetValueOrDefault(key, "");
        string Cents(long c) => c.ToString(CultureInfo.InvariantCulture);
        return
        [
            p.Iupd, p.ReissueOf!, Meta(CoerciveNotice.ReplacedNoticeKey), p.RevenueType ?? "", p.Status, p.Type, p.FiscalCode, p.FullName,
            p.StreetName ?? "", p.CivicNumber ?? "", p.PostalCode ?? "", p.City ?? "", p.Province ?? "", p.Country ?? "", p.Email ?? "",
            o.Iuv, o.Nav, Cents(o.Amount), Meta(CoerciveNotice.CapitalKey), Meta(CoerciveNotice.ChargesKey), Meta(CoerciveNotice.InterestKey),
            Meta(CoerciveNotice.CostsKey), meta.GetValueOrDefault(PaymentOption.PaidInputKey, "0"), o.NotificationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            RomeCalendar.DateOf(o.DueDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.ReissuedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
        ];
    }
}
