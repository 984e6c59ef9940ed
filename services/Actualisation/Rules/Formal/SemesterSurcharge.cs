namespace Actualisation.Rules.Formal;

// RULES.md §9.1: count the semester in which the payment falls (STARTED, default) or only completed ones.
public enum SurchargeMode { Started, Completed }

// Art. 27 c.6 L. 689/1981: a tenth of the sanction per semester from the one in which it became exigible (E), simple,
// not compound; semesters run on month numbers (E + 6k months, clamped to the month's end).
public static class SemesterSurcharge
{
    // How many tenths apply on paid (≥ E), and the days on which that count holds.
    public static (int Tenths, DateOnly From, DateOnly? Until, DateOnly SemesterEnd) On(
        DateOnly exigible, DateOnly paid, SurchargeMode mode, int? capSemesters)
    {
        // sem(P) = k such that E + 6(k-1) months <= P < E + 6k months
        var k = 1;
        while (exigible.AddMonths(6 * k) <= paid) k++;
        var counted = mode == SurchargeMode.Started ? k : k - 1;
        var semesterEnd = exigible.AddMonths(6 * k).AddDays(-1);
        if (capSemesters is { } cap && counted >= cap)
        {
            // From the semester in which the cap was reached, the amount no longer changes.
            var capReachedIn = mode == SurchargeMode.Started ? cap : cap + 1;
            return (cap, exigible.AddMonths(6 * (capReachedIn - 1)), null, semesterEnd);
        }
        return (counted, exigible.AddMonths(6 * (k - 1)), semesterEnd, semesterEnd);
    }

    // round2(S × percent/100 × tenths): one rounding for the whole surcharge.
    public static long Amount(long sanctionCents, decimal percent, int semesters) =>
        Money.Round2(sanctionCents * percent * semesters / 100m);
}
