using NodeAdapter.Soap;

namespace NodeAdapter.Notices;

/// <summary>
/// Whether a notice can be paid now, as pagoPA's reference EC (GPD payments) maps position and
/// option status to faults (specs NOTES §2.6): null = payable, else the PAA fault code.
/// </summary>
internal static class NoticeStatus
{
    /// <summary>Status given to a notice that disappeared from a newer version of its position.</summary>
    public const string Withdrawn = "WITHDRAWN";

    private static readonly HashSet<string> PaidOptionStatuses = new(StringComparer.Ordinal)
    {
        "PO_PAID", "PO_PARTIALLY_REPORTED", "PO_REPORTED", "PAID", "PARTIALLY_REPORTED", "REPORTED",
    };

    public static string? FaultFor(PayableNotice? notice, bool receiptLogged, DateTimeOffset now)
    {
        if (notice is null) return Faults.PaymentUnknown;
        // A receipt we already hold wins over a position event that has not caught up yet.
        if (receiptLogged) return Faults.PaymentDuplicated;
        return notice.PositionStatus switch
        {
            "VALID" or "PARTIALLY_PAID" => OptionFault(notice, now),
            "PAID" or "REPORTED" => Faults.PaymentDuplicated,
            "EXPIRED" => Faults.PaymentExpired,
            "INVALID" or "UNPAYABLE" => Faults.PaymentCancelled,
            // DRAFT, PUBLISHED (not yet valid), withdrawn, or a status we do not know: not payable here.
            _ => Faults.PaymentUnknown,
        };
    }

    private static string? OptionFault(PayableNotice notice, DateTimeOffset now)
    {
        if (PaidOptionStatuses.Contains(notice.OptionStatus)) return Faults.PaymentDuplicated;
        if (notice.OptionStatus is "UNPAYABLE" or "INVALID") return Faults.PaymentCancelled;
        if (notice.OptionStatus == "EXPIRED") return Faults.PaymentExpired;
        // Instalments are being paid: the single-payment alternative would pay the debt twice.
        if (notice.PositionStatus == "PARTIALLY_PAID" && !notice.IsPartialPayment) return Faults.PaymentDuplicated;
        if (notice.ValidityDate is { } validFrom && validFrom > now) return Faults.PaymentUnknown;
        return null;
    }
}
