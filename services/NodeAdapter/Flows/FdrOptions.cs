namespace NodeAdapter.Flows;

// Configuration section "Fdr": where the FdR REST API is and how often to poll it.
internal sealed class FdrOptions
{
    public const string Section = "Fdr";

    // Base URL of the FdR API for ECs; no poller runs without it.
    public string? BaseUrl { get; set; }
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);
    // Backoff slot of a parked flow: wait = slot × (2^k − 1) after the k-th failure (NOTES §2.7).
    public TimeSpan RetrySlot { get; set; } = TimeSpan.FromMinutes(1);
    public int MaxAttempts { get; set; } = 5;
    // Per EC fiscal code: "soap" for the legacy nodoChiedi*FlussoRendicontazione, else the REST API.
    public Dictionary<string, string> Sources { get; set; } = new(StringComparer.Ordinal);
    public LegacySoapOptions Soap { get; set; } = new();

    public bool UsesSoap(string organization) =>
        Sources.TryGetValue(organization, out var source) && string.Equals(source, "soap", StringComparison.OrdinalIgnoreCase);
}

// The Node's nodeForPa SOAP endpoint (deprecated on 30 June 2026, NOTES §3.2) and our station password.
internal sealed class LegacySoapOptions
{
    public string? Url { get; set; }
    public string Password { get; set; } = "";
}
