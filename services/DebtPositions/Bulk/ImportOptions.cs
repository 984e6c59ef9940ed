namespace DebtPositions.Bulk;

/// <summary>Limits and pace of bulk imports (section "Imports"). Defaults fit a million one-notice rows.</summary>
internal sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Bytes accepted on the wire (compressed or not). 1M CSV rows are about 250 MB.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Bytes of the file once decompressed: the zip-bomb guard's absolute cap.</summary>
    public long MaxFileBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Decompressed/compressed ratio refused as a suspected zip bomb (plain CSV compresses 5–20×).</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Rows per committed chunk = positions per <c>DebtPositionsImported</c> message.</summary>
    public int ChunkRows { get; set; } = 1000;

    /// <summary>
    /// Chunks written concurrently (one connection each); commits stay in chunk order. Two by default: with one
    /// writer the machine waits on that writer's connection; two were never slower on a full import
    /// (docs/bench/bulk-import.md).
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>How often the job looks for queued imports.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>IUVs asked of IuvIssuance per call (its own cap is 10,000).</summary>
    public int IuvBlock { get; set; } = 10_000;
}
