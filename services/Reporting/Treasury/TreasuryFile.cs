namespace Reporting.Treasury;

/// <summary>An imported statement file: stored once per content and EC, with every movement it holds.</summary>
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
    };
}
