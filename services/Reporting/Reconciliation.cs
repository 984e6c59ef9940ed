namespace Reporting;

/// <summary>Where a flow row stands against the receipts.</summary>
internal static class MatchStatus
{
    public const string Matched = "matched";
    public const string Unmatched = "unmatched";
    public const string Duplicate = "duplicate";
    public const string Revoked = "revoked";
}

/// <summary>The anomaly kinds ops must look at (NOTES §3.3).</summary>
internal static class AnomalyKind
{
    /// <summary>The row reports a payment whose receipt has not (yet) arrived.</summary>
    public const string MissingReceipt = "missing-receipt";
    /// <summary>Receipt found, but the transfer amount differs from the row.</summary>
    public const string AmountMismatch = "amount-mismatch";
    /// <summary>The same (IUV, IUR, transfer) twice in a flow, or already reported by another flow.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>Esito 3: the payment was revoked.</summary>
    public const string Revoked = "revoked";
    /// <summary>Esito 4 or 8: collected by the Node in stand-in; the amount may be the non-updated one.</summary>
    public const string StandIn = "stand-in";
    /// <summary>Esito 9: executed without RPT/receipt at the PSP.</summary>
    public const string NoRpt = "no-rpt";
    /// <summary>Flow-level: declared totals differ from its rows.</summary>
    public const string TotalsMismatch = "totals-mismatch";

    public static readonly IReadOnlyList<string> All = [MissingReceipt, AmountMismatch, Duplicate, Revoked, StandIn, NoRpt, TotalsMismatch];

    /// <summary>The anomaly an esito code carries by itself, whatever the match.</summary>
    public static string? OfOutcome(int outcome) => outcome switch
    {
        4 or 8 => StandIn,
        9 => NoRpt,
        _ => null,
    };
}
