namespace DebtPositions.Bulk;

// Limits and pace of bulk imports (section "Imports"). Defaults fit a million one-notice rows.
internal sealed class ImportOptions
{
    public const string Section = "Imports";

    // Bytes accepted on the wire (compressed or not). 1M CSV rows are about 250 MB.
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    // Bytes of the file once decompressed: the zip-bomb guard's absolute cap.
    public long MaxFileBytes { get; set; } = 1024L * 1024 * 1024;

    // Decompressed/compressed ratio refused as a suspected zip bomb (plain CSV compresses 5–20×).
    public int MaxCompressionRatio { get; set; } = 100;

    // Rows per committed chunk = positions per DebtPositionsImported message.
    public int ChunkRows { get; set; } = 1000;

    // Chunks written concurrently (one connection each); commits stay in chunk order. Two by default: with one writer
    // the machine waits on that writer's connection; two were never slower on a full import
    // (docs/bench/bulk-import.md).
    public int Writers { get; set; } = 2;

    // How often the job looks for queued imports.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // IUVs asked of IuvIssuance per call (its own cap is 10,000).
    public int IuvBlock { get; set; } = 10_000;
}
