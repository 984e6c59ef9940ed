namespace Actualisation;

/// <summary>pagoPA's calendar days are Italian days (Europe/Rome), whatever the server's zone.</summary>
internal static class RomeDay
{
    public static readonly TimeZoneInfo Zone = ServiceDefaults.Time.RomeCalendar.Zone;

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).Date);

    /// <summary>The next midnight in Rome after <paramref name="now"/>, as an instant (23:00 or 22:00 UTC).</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset now)
    {
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).Date).AddDays(1);
        var local = tomorrow.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
