using Actualisation.Rules.Formal;
using Xunit;
using static Actualisation.Tests.Formal.FormalRuleCases;

namespace Actualisation.Tests.Formal;

public sealed class CalendarTests
{
    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_Sunday_falls_on_the_Gregorian_date(int year, string easter) =>
        Assert.Equal(Day(easter), ItalianCalendar.EasterSunday(year));

    [Theory]
    [InlineData("2027-03-29", true)]   // Easter Monday
    [InlineData("2027-03-30", false)]
    [InlineData("2027-10-04", true)]   // San Francesco, national holiday from 2026 (a Monday in 2027)
    [InlineData("2025-10-06", false)]
    [InlineData("2026-06-02", true)]
    [InlineData("2026-12-26", true)]
    [InlineData("2026-03-15", true)]   // Sunday
    [InlineData("2026-03-14", false)]  // Saturday is a working day for CdS terms
    [InlineData("2026-06-24", false)]  // no patron saint unless the EC has one
    public void National_holidays_are_Sundays_the_fixed_feasts_Easter_Monday_and_4_October_from_2026(string day, bool holiday) =>
        Assert.Equal(holiday, ItalianCalendar.National.IsHoliday(Day(day)));

    [Fact]
    public void The_4_October_holiday_does_not_exist_before_2026()
    {
        Assert.False(ItalianCalendar.National.IsHoliday(Day("2024-10-04")));  // a Friday
        Assert.True(ItalianCalendar.National.IsHoliday(Day("2029-10-04")));   // a Thursday
    }

    [Fact]
    public void An_EC_patron_saint_is_a_holiday_only_for_that_calendar()
    {
        var turin = ItalianCalendar.WithPatronSaint("06-24");
        Assert.True(turin.IsHoliday(Day("2026-06-24")));
        Assert.Equal(Day("2026-06-25"), turin.NextNonHoliday(Day("2026-06-24")));
        Assert.Equal(Day("2026-06-24"), ItalianCalendar.National.NextNonHoliday(Day("2026-06-24")));
    }

    [Fact]
    public void A_CdS_term_moves_past_Sundays_and_holidays_but_not_Saturdays_while_a_tax_term_moves_past_Saturdays_too()
    {
        Assert.Equal(Day("2026-03-14"), ItalianCalendar.National.NextNonHoliday(Day("2026-03-14")));
        Assert.Equal(Day("2026-03-16"), ItalianCalendar.National.NextWorkingDay(Day("2026-03-14")));
        Assert.Equal(Day("2025-12-27"), ItalianCalendar.National.NextNonHoliday(Day("2025-12-25")));
        Assert.Equal(Day("2025-12-29"), ItalianCalendar.National.NextWorkingDay(Day("2025-12-25")));
    }

    [Theory]
    [InlineData(10_049, 10_000)]
    [InlineData(10_050, 10_100)]
    [InlineData(10_000, 10_000)]
    [InlineData(10_099, 10_100)]
    public void Local_taxes_round_to_the_euro_down_up_to_49_cents_and_up_from_50(long cents, long rounded) =>
        Assert.Equal(rounded, Money.RoundEuro(cents));

    [Theory]
    [InlineData("2950.5", 2_951)]
    [InlineData("2949.5", 2_950)]
    [InlineData("2950.4999", 2_950)]
    public void Cents_round_half_up(string exact, long rounded) =>
        Assert.Equal(rounded, Money.Round2(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture)));
}
