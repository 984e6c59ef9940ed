using Contracts.Actualisation;

namespace IuvIssuance.Notices;

// The notice's table "amount until each date" from the notice's schedule (Actualisation): a line per tier, in
// Italian. A tier whose amount grows day by day (interest, ravvedimento) is summed up from its first to its last
// amount, so a daily schedule still fits the notice's box.
internal static class NoticeScheduleTable
{
    // More lines do not fit the amount box: the last ones give way to a pointer to the EC.
    public const int MaxLines = 7;

    public static IReadOnlyList<string> Lines(IReadOnlyList<AmountStep> steps)
    {
        if (steps.Count < 2) return [];
        var lines = new List<string>();
        for (var i = 0; i < steps.Count;)
        {
            var label = Label(steps[i].Reason);
            var end = i;
            while (end + 1 < steps.Count && Label(steps[end + 1].Reason) == label) end++;
            if (end == i) lines.Add(NoticePages.StepLine(steps[i]));
            else lines.AddRange(RangeLines(label, steps[i], steps[end]));
            i = end + 1;
        }
        if (lines.Count <= MaxLines) return lines;
        return [.. lines.Take(MaxLines - 1), "Per le date successive l'importo è indicato dall'ente creditore."];
    }

    // "Con interessi dal 11/03/2026 al 14/04/2026:" then "da 1.000,44 € a 1.001,80 € secondo il giorno" (two short
    // lines fit the box).
    private static string[] RangeLines(string label, AmountStep first, AmountStep last)
    {
        var period = (first.ValidFrom, last.ValidUntil) switch
        {
            ({ } from, { } until) => $" dal {NoticePages.Date(from)} al {NoticePages.Date(until)}",
            (null, { } until) => $" fino al {NoticePages.Date(until)}",
            ({ } from, null) => $" dal {NoticePages.Date(from)}",
            _ => "",
        };
        return [$"{label}{period}:", $"da {NoticePages.Money(first.AmountCents)} a {NoticePages.Money(last.AmountCents)} secondo il giorno"];
    }

    // The Italian name of a tier: legacy reasons and the tiers of RULES.md's formal rules.
    public static string Label(string reason) => reason switch
    {
        _ when reason.StartsWith("reduced", StringComparison.Ordinal) => "Ridotto",
        "ordinary" => "Ordinario",
        "increased" => "Maggiorato",
        "interest" => "Con interessi",
        "in-term" => "Nei termini",
        "misura-ridotta" => "Misura ridotta",
        "within-60-days" => "Entro 60 giorni",
        "after-60-days" => "Dopo 60 giorni",
        _ when reason.StartsWith("half-maximum", StringComparison.Ordinal) || reason.StartsWith("surcharge", StringComparison.Ordinal) => "Maggiorato",
        _ when reason.StartsWith("new-", StringComparison.Ordinal) || reason.StartsWith("old-", StringComparison.Ordinal) => "Con ravvedimento",
        _ => "Importo",
    };
}
