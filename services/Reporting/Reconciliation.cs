namespace Reporting;

// Where a flow row stands against the receipts.
internal static class MatchStatus
{
    public const string Matched = "matched";
    public const string Unmatched = "unmatched";
    public const string Duplicate = "duplicate";
    public const string Revoked = "revoked";
}

// The anomaly kinds ops must look at (NOTES §3.3).
internal static class AnomalyKind
{
    // The row reports a payment whose receipt has not (yet) arrived.
    public const string MissingReceipt = "missing-receipt";
    // Receipt found, but the transfer amount differs from the row.
    public const string AmountMismatch = "amount-mismatch";
    // The same (IUV, IUR, transfer) twice in a flow, or already reported by another flow.
    public const string Duplicate = "duplicate";
    // Esito 3: the payment was revoked.
    public const string Revoked = "revoked";
    // Esito 4 or 8: collected by the Node in stand-in; the amount may be the non-updated one.
    public const string StandIn = "stand-in";
    // Esito 9: executed without RPT/receipt at the PSP.
    public const string NoRpt = "no-rpt";
    // Flow-level: declared totals differ from its rows.
    public const string TotalsMismatch = "totals-mismatch";

    public static readonly IReadOnlyList<string> All = [MissingReceipt, AmountMismatch, Duplicate, Revoked, StandIn, NoRpt, TotalsMismatch];

    // The anomaly an esito code carries by itself, whatever the match.
    public static string? OfOutcome(int outcome) => outcome switch
    {
        4 or 8 => StandIn,
        9 => NoRpt,
        _ => null,
    };
}
