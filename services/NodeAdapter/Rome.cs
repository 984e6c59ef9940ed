namespace NodeAdapter;

/// <summary>Calendar dates of pagoPA are Italian dates (Europe/Rome), whatever the server's zone.</summary>
internal static class Rome
{
    private static readonly TimeZoneInfo Zone = ServiceDefaults.Time.RomeCalendar.Zone;

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>A wall-clock time without offset (as pagoPA's xsd:dateTime values come) read as Italian time.</summary>
    public static DateTimeOffset FromLocal(DateTime local) =>
        new(local, Zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));
}
