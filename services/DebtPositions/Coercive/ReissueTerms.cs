using ServiceDefaults.Web;

namespace DebtPositions.Coercive;

// Body of POST …/debtpositions/{iupd}/reissue. Every field is optional (docs/coercive.md). NewIupd: The new
// position's IUPD; default the old one with "-R". EnforceableFrom: X0 of the COERCIVE rule (esecutività); default
// today in Rome. CostsCents: Notification and enforcement costs; default 0. MoraInterest: Mora interest on the debt
// from X0 (RULES.md §9.12); default false. DueDate: The new notice's due date; default X0 + 60 days, when the charges
// double.
internal sealed record ReissueRequest(string? NewIupd, DateOnly? EnforceableFrom, long? CostsCents, bool? MoraInterest, DateOnly? DueDate);

// Body of POST …/coercive/reissues: which positions (revenue type, overdue before), then the same terms.
internal sealed record BulkReissueRequest(
    string? RevenueType, DateOnly? OverdueBefore, DateOnly? EnforceableFrom, long? CostsCents, bool? MoraInterest, DateOnly? DueDate);

// What every re-issued position of one request gets.
internal sealed record ReissueTerms(DateOnly EnforceableFrom, long CostsCents, bool MoraInterest, DateOnly DueDate)
{
    public const int EarlyDays = 60;

    // The terms, or null with the field errors added.
    public static ReissueTerms? Of(Dictionary<string, string[]> errors, DateOnly? enforceableFrom, long? costsCents, bool? moraInterest,
        DateOnly? dueDate, DateOnly today)
    {
        var x0 = enforceableFrom ?? today;
        var farX0 = RequestBounds.DayProblem(x0);
        if (farX0 is not null) errors["enforceableFrom"] = [$"enforceableFrom {farX0}"];
        if (costsCents is { } costs && RequestBounds.AmountProblem(costs, min: 0) is { } badCosts) errors["costsCents"] = [$"costsCents {badCosts}"];
        var due = dueDate ?? (farX0 is null ? x0.AddDays(EarlyDays) : today);
        if (RequestBounds.DayProblem(due) is { } farDue) errors["dueDate"] = [$"dueDate {farDue}"];
        else if (due < today) errors["dueDate"] = [$"the due date {due:yyyy-MM-dd} is already past"];
        return errors.Count > 0 ? null : new ReissueTerms(x0, costsCents ?? 0, moraInterest ?? false, due);
    }

    // GPD's IUPD rule (length and characters), for a caller-chosen new IUPD.
    public static string? IupdProblem(string iupd) =>
        iupd.Length is 0 or > 100 ? "newIupd has 1 to 100 characters"
        : iupd.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '*' or ' ')) ? "newIupd admits letters, digits, '-', '_', '*' and spaces"
        : null;

    // The default IUPD of the position re-issuing iupd.
    public static string DefaultIupd(string iupd) => (iupd.Length > 98 ? iupd[..98] : iupd) + "-R";
}
