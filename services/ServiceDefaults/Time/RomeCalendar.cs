namespace ServiceDefaults.Time;

/// <summary>
/// pagoPA's calendar: due, notification and validity dates are Italian calendar days (Europe/Rome), whatever the
/// server's zone. The one definition every service uses.
/// </summary>
public static class RomeCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    /// <summary>The Italian calendar day of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Today in Italy, by the process's clock.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>The instant an Italian wall-clock time (no zone of its own) stands for.</summary>
    public static DateTimeOffset InstantOf(DateTime romeWallClock) =>
        new(DateTime.SpecifyKind(romeWallClock, DateTimeKind.Unspecified), Zone.GetUtcOffset(romeWallClock));

    /// <summary>The last second of an Italian calendar day: what a due date written as a day means as an instant.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => InstantOf(day.ToDateTime(new TimeOnly(23, 59, 59)));
}
