using System.Globalization;
using Contracts.Actualisation;
using Contracts.DebtPositions;

namespace IuvIssuance.Notices;

// Everything printed on one page of a notice, already formatted the Italian way.
internal sealed record NoticePage(
    string Subject,
    string CompanyName,
    string? Sector,
    string? Office,
    string OrganizationFiscalCode,
    string DebtorName,
    string DebtorFiscalCode,
    string? DebtorAddress,
    string Amount,
    string DueDate,
    string? InstalmentLabel,
    string? PlanSummary,
    string Nav,
    string NavGrouped,
    string QrPayload,
    string? CbillCode,
    string? WhereToPay,
    string? Contacts,
    IReadOnlyList<string> AmountSteps,
    PostalSlip? Postal = null);

// Why a position or a notice cannot be printed: it can no longer be paid.
internal sealed record NotPrintable(string Status, string Reason);

// Which pages a position's notice has (pagoPA standard notice): a page per single-payment option, then a page per
// unpaid instalment of the plan, "Rata i di n". Paid options are not printed.
internal static class NoticePages
{
    // The services run with invariant globalization (no ICU): the Italian separators are spelled out.
    private static readonly NumberFormatInfo Italian = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };
    // Statuses in which a notice may be printed and paid (a PUBLISHED one becomes payable at its validity date).
    public static readonly string[] PrintableStatuses = ["PUBLISHED", "VALID", "PARTIALLY_PAID"];

    public static NotPrintable? Check(DebtPositionSnapshot position) => position.Status switch
    {
        "PUBLISHED" or "VALID" or "PARTIALLY_PAID" => null,
        "PAID" or "REPORTED" => new(position.Status, "the position is already paid"),
        "INVALID" => new(position.Status, "the position was invalidated by the EC"),
        "EXPIRED" => new(position.Status, "the position expired"),
        _ => new(position.Status, $"a position in status {position.Status} cannot be paid"),
    };

    // schedules: Amount schedules by IUV (Actualisation); a notice with several steps lists them.
    public static IReadOnlyList<NoticePage> Build(DebtPositionSnapshot position, NoticeTemplate template,
        IReadOnlyDictionary<string, IReadOnlyList<AmountStep>>? schedules = null)
    {
        schedules ??= new Dictionary<string, IReadOnlyList<AmountStep>>();
        var unpaid = position.Options.Where(IsUnpaid).ToList();
        var singles = unpaid.Where(o => !o.IsPartialPayment).OrderBy(o => o.DueDate).ToList();
        var plan = position.Options.Where(o => o.IsPartialPayment).OrderBy(o => o.DueDate).ThenBy(o => o.Nav, StringComparer.Ordinal).ToList();
        var summary = plan.Count == 0 ? null
            : $"Puoi pagare anche in {plan.Count} rate; {Money(plan.Sum(o => o.AmountCents))} in totale (pagine successive).";
        var pages = singles.Select(o => Page(position, o, template, null, singles.Count == 1 ? summary : null, schedules)).ToList();
        pages.AddRange(plan.Select((o, i) => (Option: o, Index: i)).Where(x => IsUnpaid(x.Option))
            .Select(x => Page(position, x.Option, template, $"Rata {x.Index + 1} di {plan.Count}", null, schedules)));
        return pages;
    }

    public static bool IsUnpaid(PaymentOptionSnapshot option) => option.Status is "PO_UNPAID" or "UNPAID" or "";

    private static NoticePage Page(DebtPositionSnapshot p, PaymentOptionSnapshot o, NoticeTemplate t, string? instalment, string? summary,
        IReadOnlyDictionary<string, IReadOnlyList<AmountStep>> schedules)
    {
        var debtor = o.Debtor ?? p.Debtor;
        var steps = schedules.GetValueOrDefault(o.Iuv) is { } s ? NoticeScheduleTable.Lines(s) : [];
        return new NoticePage(
            o.Description, t.CompanyName ?? p.CompanyName, t.Sector, t.Office ?? p.OfficeName, p.OrganizationFiscalCode,
            debtor.FullName, debtor.FiscalCode, Address(debtor), Money(o.AmountCents), Date(o.DueDate), instalment, summary,
            o.Nav, GroupNav(o.Nav), QrPayload(o.Nav, p.OrganizationFiscalCode, o.AmountCents), t.CbillCode, t.WhereToPay, t.Contacts, steps,
            PostalSlip.For(p, o, debtor, t));
    }

    // "Ridotto: 70,00 € fino al 10/03/2026", "Ordinario: 100,00 € dal 11/03/2026 al 04/05/2026", …
    public static string StepLine(AmountStep step)
    {
        var label = NoticeScheduleTable.Label(step.Reason);
        var period = (step.ValidFrom, step.ValidUntil) switch
        {
            (null, { } until) => $" fino al {Date(until)}",
            ({ } from, { } until) => $" dal {Date(from)} al {Date(until)}",
            ({ } from, null) => $" dal {Date(from)}",
            _ => "",
        };
        return $"{label}: {Money(step.AmountCents)}{period}";
    }

    // NOTES §1: PAGOPA|002|<NAV 18>|<EC fiscal code 11>|<amount in cents>.
    public static string QrPayload(string nav, string organizationFiscalCode, long amountCents) =>
        string.Create(CultureInfo.InvariantCulture, $"PAGOPA|002|{nav}|{organizationFiscalCode}|{amountCents:00}");

    // "1.234,56 €": Italian thousands and decimal separators.
    public static string Money(long cents) => (cents / 100m).ToString("N2", Italian) + " €";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    // Printed in groups of four, as on pagoPA notices: "3012 3456 7890 1234 56".
    public static string GroupNav(string nav) =>
        string.Join(' ', Enumerable.Range(0, (nav.Length + 3) / 4).Select(i => nav.Substring(i * 4, Math.Min(4, nav.Length - i * 4))));

    private static string? Address(DebtorSnapshot d)
    {
        var street = string.Join(' ', new[] { d.StreetName, d.CivicNumber }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var city = string.Join(' ', new[] { d.PostalCode, d.City, d.Province is { Length: > 0 } pr ? $"({pr})" : null }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var text = string.Join(", ", new[] { street, city }.Where(s => s.Length > 0));
        return text.Length == 0 ? null : text;
    }
}
