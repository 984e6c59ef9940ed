namespace NodeAdapter.Notices;

/// <summary>Configuration section "NoticeCache": the in-memory cache of the station's read model (ADR 0013).</summary>
internal sealed class NoticeCacheOptions
{
    public const string Section = "NoticeCache";

    /// <summary>False: every verify/get payment reads PostgreSQL, as before the cache.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Backstop only: a change is forgotten when its notification arrives (milliseconds); this bounds how
    /// long an entry can live if a notification were ever missed without the listener noticing.
    /// </summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Entries kept at most (a notice with its schedule is a few KB); beyond it, misses are not remembered.</summary>
    public int MaxEntries { get; set; } = 50_000;

    /// <summary>How often the listening connection proves it is alive when no notification arrives.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait before listening again after the connection failed (the cache is bypassed meanwhile).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
