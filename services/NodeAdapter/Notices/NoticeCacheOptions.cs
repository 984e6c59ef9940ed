namespace NodeAdapter.Notices;

// Configuration section "NoticeCache": the in-memory cache of the station's read model (ADR 0013).
internal sealed class NoticeCacheOptions
{
    public const string Section = "NoticeCache";

    // False: every verify/get payment reads PostgreSQL, as before the cache.
    public bool Enabled { get; set; } = true;

    // Backstop only: a change is forgotten when its notification arrives (milliseconds); this bounds how long an
    // entry can live if a notification were ever missed without the listener noticing.
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    // Entries kept at most (a notice with its schedule is a few KB); beyond it, misses are not remembered.
    public int MaxEntries { get; set; } = 50_000;

    // How often the listening connection proves it is alive when no notification arrives.
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    // Wait before listening again after the connection failed (the cache is bypassed meanwhile).
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
