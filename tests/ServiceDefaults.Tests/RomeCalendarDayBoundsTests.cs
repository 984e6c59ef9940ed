using System.Globalization;
using ServiceDefaults.Time;
using Xunit;

namespace ServiceDefaults.Tests;

// The bounds of an Italian calendar day as instants: each is read with Rome's offset at that very moment, so that a
// day the clocks change on (last Sunday of March and of October) starts and ends at the right instant.
public sealed class RomeCalendarDayBoundsTests
{
    [Theory]
    [InlineData("2026-03-28", "2026-03-28T22:59:59Z")] // winter: UTC+1
    [InlineData("2026-03-29", "2026-03-29T21:59:59Z")] // clocks go forward at 02:00: the day ends in summer time
    [InlineData("2026-10-25", "2026-10-25T22:59:59Z")] // clocks go back at 03:00: the day ends in winter time
    [InlineData("2026-07-09", "2026-07-09T21:59:59Z")]
    public void A_day_ends_at_its_last_second_with_Romes_offset_at_that_second(string day, string instant) =>
        Assert.Equal(Instant(instant), RomeCalendar.EndOfDay(Day(day)));

    [Theory]
    [InlineData("2026-03-29", "2026-03-28T23:00:00Z")] // midnight is still winter time
    [InlineData("2026-03-30", "2026-03-29T22:00:00Z")]
    [InlineData("2026-10-25", "2026-10-24T22:00:00Z")] // midnight is still summer time
    [InlineData("2026-10-26", "2026-10-25T23:00:00Z")]
    public void A_day_starts_at_its_midnight_with_Romes_offset_at_that_midnight(string day, string instant) =>
        Assert.Equal(Instant(instant), RomeCalendar.StartOfDay(Day(day)));

    [Fact]
    public void A_wall_clock_time_is_read_as_Italian_time_whatever_its_kind_says()
    {
        // 01:30 in Rome, still winter time; read as UTC it would already be summer time in Rome.
        Assert.Equal(Instant("2026-03-29T00:30:00Z"), RomeCalendar.InstantOf(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(Instant("2026-01-15T11:00:00Z"), RomeCalendar.InstantOf(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void The_wall_clock_of_an_instant_is_what_an_Italian_clock_shows_then()
    {
        Assert.Equal(new DateTime(2026, 7, 10, 0, 0, 0), RomeCalendar.WallClockOf(Instant("2026-07-09T22:00:00Z")));
        Assert.Equal(new DateTime(2025, 12, 31, 23, 30, 0), RomeCalendar.WallClockOf(Instant("2025-12-31T22:30:00Z")));
    }

    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
}
