namespace DebtPositions;

// GPD v1 position statuses (NOTES §4).
internal static class PositionStatus
{
    public const string Draft = "DRAFT";
    public const string Published = "PUBLISHED";
    public const string Valid = "VALID";
    public const string Invalid = "INVALID";
    public const string Expired = "EXPIRED";
    public const string PartiallyPaid = "PARTIALLY_PAID";
    public const string Paid = "PAID";
    public const string Reported = "REPORTED";

    public static readonly string[] All = [Draft, Published, Valid, Invalid, Expired, PartiallyPaid, Paid, Reported];

    // GPD forbids updates once money moved or the EC cancelled (EXPIRED is updatable since PAGOPA-2459).
    public static bool IsUpdatable(string status) => status is Draft or Published or Valid or Expired;
}

internal static class OptionStatus
{
    public const string Unpaid = "PO_UNPAID";
    public const string Paid = "PO_PAID";
    public const string PartiallyReported = "PO_PARTIALLY_REPORTED";
    public const string Reported = "PO_REPORTED";
}

internal static class TransferStatus
{
    public const string Unreported = "T_UNREPORTED";
    public const string Reported = "T_REPORTED";
}
