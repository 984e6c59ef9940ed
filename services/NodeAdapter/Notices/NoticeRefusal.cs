namespace NodeAdapter.Notices;

// Why a notice cannot be paid now, in the read model's words; the station turns it into a PAA fault code
// (Soap/Faults.For), the receipt check into an anomaly.
internal enum NoticeRefusal
{
    Unknown,
    AlreadyPaid,
    Expired,
    Cancelled,
    // The option's amount and its transfers disagree: the station cannot answer one amount.
    Inconsistent,
    // An amount due outside the SOAP schema's range: the request is right, the stored notice cannot be answered.
    OutOfRange,
}
