namespace ServiceDefaults.Time;

/// <summary>
/// pagoPA's calendar: due, notification and validity dates are Italian calendar days (Europe/Rome), whatever the
/// server's zone. The one definition every service uses.
/// </summary>
public static class RomeCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    /// <summary>The Italian calendar day of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(WallClockOf(instant));

    /// <summary>Today in Italy, by the process's clock.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>What an Italian clock shows at an instant (a wall-clock time, no zone of its own).</summary>
    public static DateTime WallClockOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>The instant an Italian wall-clock time (no zone of its own, whatever its Kind says) stands for.</summary>
    public static DateTimeOffset InstantOf(DateTime romeWallClock)
    {
        var wallClock = DateTime.SpecifyKind(romeWallClock, DateTimeKind.Unspecified);
        return new(wallClock, Zone.GetUtcOffset(wallClock));
    }

    /// <summary>The first instant of an Italian calendar day (its midnight).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => InstantOf(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The last second of an Italian calendar day: what a due date written as a day means as an instant.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => InstantOf(day.ToDateTime(new TimeOnly(23, 59, 59)));
}
