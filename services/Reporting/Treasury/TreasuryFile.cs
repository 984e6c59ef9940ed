namespace Reporting.Treasury;

// An imported statement file: stored once per content and EC, with every movement it holds.
internal sealed class TreasuryFile
{
    private TreasuryFile() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Sha256 { get; private set; } = "";
    public string Format { get; private set; } = "";
    public string Version { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public int MovementCount { get; private set; }
    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }
    // Movements an earlier file already reported: stored as duplicates, counted once.
    public int AlreadyKnownCount { get; private set; }
    // balanced, unbalanced (stored anyway at the operator's request) or not-stated.
    public string BalanceCheck { get; private set; } = "";
    // For an unbalanced file, what did not add up.
    public string? BalanceProblems { get; private set; }

    public static TreasuryFile Of(string organization, string sha256, ParsedStatement statement, long size, string uploadedBy, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = organization,
        Sha256 = sha256,
        Format = statement.Format,
        Version = statement.Version,
        SizeBytes = size,
        MovementCount = statement.Movements.Count,
        UploadedBy = uploadedBy,
        ReceivedAt = now,
        BalanceCheck = statement.BalanceCheck,
        BalanceProblems = statement.Unbalanced.Count == 0 ? null : string.Join("; ", statement.Unbalanced.Select(b => b.Describe())),
    };

    public void CountAlreadyKnown(int count) => AlreadyKnownCount = count;
}
