using System.Globalization;
using ServiceDefaults.Time;

namespace Receipts.Pdf;

// Amounts and times as an Italian reader expects them (the process runs with invariant globalisation).
internal static class ItalianFormat
{
    // 12050 → "120,50 €"; 123456789 → "1.234.567,89 €".
    public static string Euro(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = Math.Abs(cents);
        var units = (abs / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        return $"{sign}{units},{abs % 100:00} €";
    }

    public static string RomeTime(DateTimeOffset instant) =>
        RomeCalendar.WallClockOf(instant).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
}
