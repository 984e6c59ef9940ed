using System.Text.RegularExpressions;

namespace Reporting.Treasury;

// What a credit's remittance says about pagoPA: the reporting flow it pays, or the single IUV. FlowId: The flow id
// (IUF) found after LGPE-RIVERSAMENTO…URI, spaces the bank inserted removed. Iuv: The IUV of a single-payment credit
// (/RFS/ or /RFB/). LooksPagoPa: The text carries a pagoPA marker, whether or not an id could be read from it.
internal sealed record RemittanceReading(string? FlowId, string? Iuv, bool LooksPagoPa);

// Reads the SCT remittance (AT-05) the way banks really deliver it (RECONCILIATION.md §3.5, §3.6): upper-cased,
// wrapped over lines, with spaces inside the marker or the id's date, integrative /TXT/n/ tags, tags of the bank's
// own record layout around it, and sometimes the same id twice with one copy broken.
internal static partial class Remittance
{
    public static RemittanceReading Read(string text)
    {
        var flat = Whitespace().Replace(text, " ");
        var flowId = FlowIds(flat).FirstOrDefault();
        var iuv = SinglePayment().Match(flat) is { Success: true } m ? m.Groups["iuv"].Value : null;
        var marker = Marker().IsMatch(flat) || iuv is not null || flat.Contains("PAGOPA", StringComparison.OrdinalIgnoreCase);
        return new RemittanceReading(flowId, flowId is null ? iuv : null, marker);
    }

    // The candidate ids in preference order: the SACI shape first, then other date-prefixed ids, then old date-less
    // ids.
    private static IEnumerable<string> FlowIds(string text)
    {
        var stripped = Integrative().Replace(text, "/");
        var candidates = new List<string>();
        foreach (Match uri in UriTag().Matches(stripped))
        {
            var rest = stripped[(uri.Index + uri.Length)..];
            if (StrictToken().Match(rest) is { Success: true } strict) candidates.Add(strict.Value);
            if (SpacedDate().Match(rest) is { Success: true } spaced)
                candidates.Add(spaced.Groups["date"].Value.Replace(" ", "") + spaced.Groups["rest"].Value);
        }
        return candidates.Where(c => Saci().IsMatch(c))
            .Concat(candidates.Where(c => DatePrefixed().IsMatch(c) && c.Length > 10))
            .Concat(candidates.Where(c => OldId().IsMatch(c)))
            .Where(c => c.Length <= 35)
            .Distinct();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"/\s*TXT\s*/\s*\d\s*/", RegexOptions.IgnoreCase)]
    private static partial Regex Integrative();

    // "LGPE-RIVERSAMENTO" with the spaces banks insert, or only "RIVERSAMENTO" when the prefix was cut (API#263).
    [GeneratedRegex(@"(L\s?G\s?P\s?E\s?-\s?)?RIVERSAMENTO", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"(L\s?G\s?P\s?E\s?-\s?)?RIVERSAMENTO[\s/]*(/\s*)?URI\s?[/ ]\s?", RegexOptions.IgnoreCase)]
    private static partial Regex UriTag();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+")]
    private static partial Regex StrictToken();

    [GeneratedRegex(@"^(?<date>\d ?\d ?\d ?\d ?- ?\d ?\d ?- ?\d ?\d) ?(?<rest>[A-Za-z0-9_-]+)")]
    private static partial Regex SpacedDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[A-Za-z0-9_]+-[A-Za-z0-9_-]+$")]
    private static partial Regex Saci();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex DatePrefixed();

    [GeneratedRegex(@"^[A-Za-z0-9]{8,35}$")]
    private static partial Regex OldId();

    [GeneratedRegex(@"(^|[\s/])RF[SB][/ ](?<iuv>\d{15,17}|RF\d{2}[A-Za-z0-9]{1,21})(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex SinglePayment();
}
