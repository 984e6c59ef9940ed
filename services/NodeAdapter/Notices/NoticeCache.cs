using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NodeAdapter.Notices;

// The station's read model kept in memory for verify and get payment (ADR 0013): what NoticeLookup read, reused until
// PostgreSQL says a row behind it changed. Correctness rests on three rules: Used only while NoticeChangeListener is
// listening; whenever it stops or starts listening, everything read before is void (notifications may have been
// missed in between). Every invalidation takes a number from one sequence and stamps its key with it; a lookup takes
// the current number before reading PostgreSQL, and an entry counts only if no key it depends on (its
// notice/schedule, its position's receipts) was stamped later. So a read racing with a change can never re-install
// what the change replaced. A notice that was not found is never remembered: inserts need no invalidation. Only rows
// are cached: faults and amounts are still computed at each call, for the moment of the call.
internal sealed class NoticeCache(NoticeLookup lookup, IOptions<NoticeCacheOptions> options, TimeProvider time, StationMetrics metrics)
{
    private sealed record Entry(NoticeView View, long Sequence, long ExpiresAt, string NoticeKey, string PositionKey);

    // When a key was last invalidated: the sequence number and the timestamp.
    private readonly record struct Stamp(long Sequence, long At);

    private readonly ConcurrentDictionary<(string Organization, string Nav), Entry> _entries = new();
    private readonly ConcurrentDictionary<string, Stamp> _invalidated = new(StringComparer.Ordinal);
    private readonly NoticeCacheOptions _options = options.Value;
    private long TimeToLiveTicks => (long)(_options.TimeToLive.TotalSeconds * time.TimestampFrequency);
    private long _sequence;
    // Entries read before this sequence number are void: set when listening starts or stops.
    private long _validFrom;
    private volatile bool _listening;
    private volatile bool _full;

    public bool IsListening => _listening;

    public async Task<NoticeView> FindByNavAsync(string organizationFiscalCode, string nav, CancellationToken ct)
    {
        if (!_listening)
        {
            metrics.NoticeCacheLookup("bypass");
            return await lookup.FindByNavAsync(organizationFiscalCode, nav, ct);
        }
        var now = time.GetTimestamp();
        if (_entries.TryGetValue((organizationFiscalCode, nav), out var entry) && IsCurrent(entry, now))
        {
            metrics.NoticeCacheLookup("hit");
            return entry.View;
        }
        metrics.NoticeCacheLookup("miss");
        var sequence = Volatile.Read(ref _sequence);
        var view = await lookup.FindByNavAsync(organizationFiscalCode, nav, ct);
        if (view.Notice is { } notice && !_full)
        {
            _entries[(organizationFiscalCode, nav)] = new Entry(view, sequence, now + TimeToLiveTicks,
                NoticeKey(notice.OrganizationFiscalCode, notice.Iuv), PositionKey(notice.OrganizationFiscalCode, notice.Iupd));
        }
        return view;
    }

    // A payload of the node_adapter_notice_changes channel: comma-separated keys, or "*".
    public void Invalidate(string payload)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        if (payload == "*")
        {
            Forget(sequence);
            return;
        }
        var stamp = new Stamp(sequence, time.GetTimestamp());
        foreach (var key in payload.Split(','))
            if (key.Length > 0) _invalidated[key] = stamp;
    }

    // This process's own write (a receipt just stored): forgotten at once, not when the notification arrives.
    public void Invalidate(string organizationFiscalCode, string iuv, string? iupd) =>
        Invalidate(iupd is null
            ? NoticeKey(organizationFiscalCode, iuv)
            : NoticeKey(organizationFiscalCode, iuv) + "," + PositionKey(organizationFiscalCode, iupd));

    public void StartListening()
    {
        Forget(Interlocked.Increment(ref _sequence));
        _listening = true;
    }

    public void StopListening()
    {
        _listening = false;
        Forget(Interlocked.Increment(ref _sequence));
    }

    // Drops expired entries and the invalidation stamps no live entry can predate.
    public void Sweep()
    {
        var now = time.GetTimestamp();
        foreach (var (key, entry) in _entries)
            if (entry.ExpiresAt <= now) _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
        // An entry read before a stamp was taken expires at most TimeToLive after it.
        foreach (var (key, stamp) in _invalidated)
            if (stamp.At + TimeToLiveTicks < now) _invalidated.TryRemove(new KeyValuePair<string, Stamp>(key, stamp));
        _full = _entries.Count >= _options.MaxEntries;
    }

    private void Forget(long sequence)
    {
        Volatile.Write(ref _validFrom, sequence);
        // The stamps stay: a receipt's own stamp taken concurrently must not be lost (Sweep ages them out).
        _entries.Clear();
        _full = false;
    }

    private bool IsCurrent(Entry entry, long now) =>
        entry.ExpiresAt > now
        && entry.Sequence >= Volatile.Read(ref _validFrom)
        && (!_invalidated.TryGetValue(entry.NoticeKey, out var notice) || entry.Sequence >= notice.Sequence)
        && (!_invalidated.TryGetValue(entry.PositionKey, out var position) || entry.Sequence >= position.Sequence);

    // The same keys as the triggers of Migrations/0003: 'i' || md5(org || ' ' || iuv), 'p' || md5(org || ' ' || iupd).
    internal static string NoticeKey(string organizationFiscalCode, string iuv) => "i" + Md5(organizationFiscalCode + " " + iuv);

    internal static string PositionKey(string organizationFiscalCode, string iupd) => "p" + Md5(organizationFiscalCode + " " + iupd);

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
