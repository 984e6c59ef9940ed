namespace NodeAdapter.Notices;

// Whether a notice can be paid now, as pagoPA's reference EC (GPD payments) maps position and option status to faults
// (specs NOTES §2.6): null = payable, else why not.
internal static class NoticeStatus
{
    // Status given to a notice that disappeared from a newer version of its position.
    public const string Withdrawn = "WITHDRAWN";

    private static readonly HashSet<string> PaidOptionStatuses = new(StringComparer.Ordinal)
    {
        "PO_PAID", "PO_PARTIALLY_REPORTED", "PO_REPORTED", "PAID", "PARTIALLY_REPORTED", "REPORTED",
    };

    public static NoticeRefusal? RefusalFor(PayableNotice? notice, bool receiptLogged, DateTimeOffset now)
    {
        if (notice is null) return NoticeRefusal.Unknown;
        // A receipt we already hold wins over a position event that has not caught up yet.
        if (receiptLogged) return NoticeRefusal.AlreadyPaid;
        return notice.PositionStatus switch
        {
            "VALID" or "PARTIALLY_PAID" => OptionRefusal(notice, now),
            "PAID" or "REPORTED" => NoticeRefusal.AlreadyPaid,
            "EXPIRED" => NoticeRefusal.Expired,
            "INVALID" or "UNPAYABLE" => NoticeRefusal.Cancelled,
            // DRAFT, PUBLISHED (not yet valid), withdrawn, or a status we do not know: not payable here.
            _ => NoticeRefusal.Unknown,
        };
    }

    private static NoticeRefusal? OptionRefusal(PayableNotice notice, DateTimeOffset now)
    {
        if (PaidOptionStatuses.Contains(notice.OptionStatus)) return NoticeRefusal.AlreadyPaid;
        if (notice.OptionStatus is "UNPAYABLE" or "INVALID") return NoticeRefusal.Cancelled;
        if (notice.OptionStatus == "EXPIRED") return NoticeRefusal.Expired;
        // Instalments are being paid: the single-payment alternative would pay the debt twice.
        if (notice.PositionStatus == "PARTIALLY_PAID" && !notice.IsPartialPayment) return NoticeRefusal.AlreadyPaid;
        if (notice.ValidityDate is { } validFrom && validFrom > now) return NoticeRefusal.Unknown;
        return null;
    }
}
