using System.Globalization;

namespace ServiceDefaults.Time;

/// <summary>
/// A test platform's clock: the system's time plus an offset that a test writes to a file (a TimeSpan in
/// invariant "c" format, e.g. <c>61.00:00:00</c>; a missing or empty file is no offset). Every process of
/// the platform reads the same file, so a test moves all their calendars at once, while the processes keep
/// running on real time underneath: timers and timestamps measure real durations (a shift is a jump of
/// the calendar, not a faster clock). The file is watched and re-read when it changes; <see cref="Reload"/>
/// re-reads it at once. Never on in Production (ADR 0045).
/// </summary>
/// <remarks>Self-contained (BCL only): the Node simulator compiles this file too.</remarks>
public sealed class ShiftedTimeProvider : TimeProvider, IDisposable
{
    private readonly TimeProvider _real;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _gate = new();
    private long _offsetTicks;
    private TaskCompletionSource _shifted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ShiftedTimeProvider(string offsetFile, TimeProvider? real = null)
    {
        OffsetFile = Path.GetFullPath(offsetFile);
        _real = real ?? System;
        // A file that exists but does not parse is a broken test set-up: refuse to start rather than run unshifted.
        if (Read(emptyIsZero: true) is not { } offset) throw new InvalidOperationException($"The clock offset file {OffsetFile} does not hold a TimeSpan (e.g. 61.00:00:00).");
        _offsetTicks = offset.Ticks;
        _watcher = Watch();
    }

    public string OffsetFile { get; }

    /// <summary>How far this clock is from the system's.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The unshifted clock underneath (credentials are checked on it: they are about real time).</summary>
    public TimeProvider Real => _real;

    public override DateTimeOffset GetUtcNow() => _real.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override long GetTimestamp() => _real.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, dueTime, period);

    /// <summary>Re-reads the file; when the offset changed, wakes whoever waits in <see cref="WhenShiftedAsync"/>. Returns the offset in force.</summary>
    public TimeSpan Reload()
    {
        // A half-written file may read as garbage (then the offset stays) or as another duration: writers rename into place.
        if (Read(emptyIsZero: false) is not { } offset) return Offset;
        TaskCompletionSource woken;
        lock (_gate)
        {
            if (offset.Ticks == _offsetTicks) return offset;
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
            woken = _shifted;
            _shifted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
        return offset;
    }

    /// <summary>Completes at the next change of the offset after this call.</summary>
    public Task WhenShiftedAsync(CancellationToken ct)
    {
        lock (_gate) return _shifted.Task.WaitAsync(ct);
    }

    public void Dispose() => _watcher?.Dispose();

    /// <summary>Null when the folder is missing or the system has no watcher left (inotify limits): <see cref="Reload"/> still works.</summary>
    private FileSystemWatcher? Watch()
    {
        var folder = Path.GetDirectoryName(OffsetFile)!;
        if (!Directory.Exists(folder)) return null;
        var watcher = new FileSystemWatcher(folder, Path.GetFileName(OffsetFile))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.CreationTime | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => Reload();
        watcher.Created += (_, _) => Reload();
        watcher.Renamed += (_, _) => Reload();
        watcher.Deleted += (_, _) => Reload();
        try
        {
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (IOException)
        {
            watcher.Dispose();
            return null;
        }
    }

    /// <summary>A missing file is no offset; an empty one too at start, but later it is a file being rewritten in place.</summary>
    private TimeSpan? Read(bool emptyIsZero)
    {
        string text;
        try
        {
            text = File.Exists(OffsetFile) ? File.ReadAllText(OffsetFile).Trim() : "";
        }
        catch (IOException)
        {
            return null;
        }
        if (text.Length == 0) return emptyIsZero ? TimeSpan.Zero : null;
        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var offset) ? offset : null;
    }
}
