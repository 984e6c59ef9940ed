using ServiceDefaults.Security;
using ServiceDefaults.Time;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class RomeCalendarAndOrganizationCodeTests
{
    [Theory]
    [InlineData("2026-03-09T22:59:59Z", "2026-03-09")] // winter: Rome is UTC+1
    [InlineData("2026-03-09T23:00:00Z", "2026-03-10")]
    [InlineData("2026-07-09T21:59:59Z", "2026-07-09")] // summer: UTC+2
    [InlineData("2026-07-09T22:00:00Z", "2026-07-10")]
    [InlineData("2026-03-29T00:30:00+00:00", "2026-03-29")] // the night the clocks go forward
    public void An_instant_falls_on_the_Italian_calendar_day_whatever_the_server_zone(string instant, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
            RomeCalendar.DateOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("77777777777", true)]
    [InlineData("00085240950", true)]
    [InlineData("7777777777", false)]
    [InlineData("777777777777", false)]
    [InlineData("7777777777A", false)]
    [InlineData("٧٧٧٧٧٧٧٧٧٧٧", false)] // Arabic-Indic digits are digits, not ASCII digits
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_EC_code_is_exactly_eleven_ASCII_digits(string? code, bool valid) =>
        Assert.Equal(valid, OrganizationCode.IsValid(code));
}
