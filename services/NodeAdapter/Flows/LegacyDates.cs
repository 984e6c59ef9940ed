using System.Globalization;
using ServiceDefaults.Time;

namespace NodeAdapter.Flows;

// xsd:date / xsd:dateTime values of the legacy XML: without an offset they are Italian times.
internal static class LegacyDates
{
    public static DateTimeOffset Instant(string value)
    {
        value = value.Trim();
        var local = DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return local.Kind == DateTimeKind.Unspecified
            ? RomeCalendar.InstantOf(local)
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public static DateOnly Date(string value) => DateOnly.ParseExact(value.Trim()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
