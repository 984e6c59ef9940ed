namespace Actualisation.Rules.Formal;

// One legal interest rate (art. 1284 c.c.) in force from From until the next row.
public sealed record RateRow(DateOnly From, decimal RatePercent);

// The legal interest rates as data with validity intervals (RULES.md §4.1). A new row is added every December through
// the EC's rule table; without one the last rate stays in force.
public sealed class LegalInterestRates
{
    public static readonly LegalInterestRates Italy = new(
    [
        new(new(2014, 1, 1), 1.00m), new(new(2015, 1, 1), 0.50m), new(new(2016, 1, 1), 0.20m),
        new(new(2017, 1, 1), 0.10m), new(new(2018, 1, 1), 0.30m), new(new(2019, 1, 1), 0.80m),
        new(new(2020, 1, 1), 0.05m), new(new(2021, 1, 1), 0.01m), new(new(2022, 1, 1), 1.25m),
        new(new(2023, 1, 1), 5.00m), new(new(2024, 1, 1), 2.50m), new(new(2025, 1, 1), 2.00m),
        new(new(2026, 1, 1), 1.60m),
    ]);

    public LegalInterestRates(IEnumerable<RateRow> rows)
    {
        Rows = rows.OrderBy(r => r.From).ToList();
        if (Rows.Count == 0) throw new ArgumentException("at least one rate is needed", nameof(rows));
        if (Rows.Select(r => r.From).Distinct().Count() != Rows.Count) throw new ArgumentException("two rates start on the same day", nameof(rows));
    }

    public IReadOnlyList<RateRow> Rows { get; }

    public DateOnly FirstDay => Rows[0].From;

    // Σ capital × (rate + extra points) × days over the rate segments of [first, last], still to be divided by 36500:
    // the caller divides once and rounds once (RULES.md §4.2).
    public decimal PercentDays(decimal capitalCents, DateOnly first, DateOnly last, decimal extraPoints)
    {
        var sum = 0m;
        for (var i = 0; i < Rows.Count; i++)
        {
            var from = Rows[i].From > first ? Rows[i].From : first;
            var until = i + 1 < Rows.Count && Rows[i + 1].From.AddDays(-1) < last ? Rows[i + 1].From.AddDays(-1) : last;
            if (until < from) continue;
            sum += capitalCents * (Rows[i].RatePercent + extraPoints) * (until.DayNumber - from.DayNumber + 1);
        }
        return sum;
    }
}
