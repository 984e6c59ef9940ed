using System.Globalization;

namespace NodeSimulator.Load;

// Hands notice numbers to concurrent workers: cycling through them (verify, get payment: the same notice may be asked
// many times, as the Node does) or each exactly once (payment: a paid notice cannot be paid again).
internal sealed class NoticeSource(IReadOnlyList<string>? list, long first, long count, bool once)
{
    private long _next = -1;

    public long Count => list?.Count ?? count;

    public bool Exhausted => once && Interlocked.Read(ref _next) >= Count - 1;

    public static NoticeSource For(LoadRequest request, bool once) => request.Notices is { Count: > 0 } notices
        ? new NoticeSource(notices, 0, notices.Count, once)
        : new NoticeSource(null, long.Parse(request.NavFrom!, CultureInfo.InvariantCulture), request.NavCount, once);

    public bool TryNext(out string nav)
    {
        var index = Interlocked.Increment(ref _next);
        if (once && index >= Count)
        {
            nav = "";
            return false;
        }
        index %= Count;
        nav = list is not null ? list[(int)index] : (first + index).ToString("D18", CultureInfo.InvariantCulture);
        return true;
    }
}
