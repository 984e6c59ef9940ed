namespace Actualisation.Rules.Formal;

// Italian civil holidays (L. 260/1949 art. 2 as amended, RULES.md §2): every Sunday, 1 and 6 January, Easter Monday,
// 25 April, 1 May, 2 June, 15 August, 1 November, 8, 25 and 26 December, 4 October from 2026 (L. 151/2025), and
// optionally the EC's patron saint (RULES.md §9.4: per EC, off by default).
public sealed class ItalianCalendar(int? patronMonth = null, int? patronDay = null)
{
    public static readonly ItalianCalendar National = new();

    private static readonly (int Month, int Day)[] FixedHolidays =
        [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)];

    // "MM-dd", e.g. "06-24" for San Giovanni; null or empty for none.
    public static ItalianCalendar WithPatronSaint(string? monthDay)
    {
        if (string.IsNullOrWhiteSpace(monthDay)) return National;
        if (!TryParseMonthDay(monthDay, out var month, out var day))
            throw new FormatException($"patron saint '{monthDay}' is not MM-dd");
        return new ItalianCalendar(month, day);
    }

    public static bool TryParseMonthDay(string text, out int month, out int day)
    {
        month = day = 0;
        var parts = text.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out month) && int.TryParse(parts[1], out day)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month);
    }

    public bool IsHoliday(DateOnly day)
    {
        if (day.DayOfWeek == DayOfWeek.Sunday) return true;
        if (FixedHolidays.Contains((day.Month, day.Day))) return true;
        if (day.Year >= 2026 && day is { Month: 10, Day: 4 }) return true;
        if (patronMonth == day.Month && patronDay == day.Day) return true;
        return day == EasterSunday(day.Year).AddDays(1);
    }

    // CdS terms (art. 2963 c.c., RULES.md R6): a last day on a Sunday or holiday moves on; Saturday does not.
    public DateOnly NextNonHoliday(DateOnly day)
    {
        while (IsHoliday(day)) day = day.AddDays(1);
        return day;
    }

    // Tax payments (D.L. 70/2011 art. 7, RULES.md R12): Saturday moves the deadline too.
    public DateOnly NextWorkingDay(DateOnly day)
    {
        while (day.DayOfWeek == DayOfWeek.Saturday || IsHoliday(day)) day = day.AddDays(1);
        return day;
    }

    // Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
