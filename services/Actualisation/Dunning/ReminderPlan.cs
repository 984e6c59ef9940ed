namespace Actualisation.Dunning;

// When a notice is reminded: the calendar arithmetic, free of storage.
internal static class ReminderPlan
{
    // The due-date window of the notices whose current step is step on today: the step's day has come and the next
    // step's has not. A notice met late (created after some of its steps' days) gets only its current step: a citizen
    // is not sent three reminders at once for the days the platform did not know the notice.
    public static (DateOnly? After, DateOnly Until) DueDatesAt(int step, IReadOnlyList<int> steps, DateOnly today)
    {
        var next = steps.Where(s => s > step).Order().Cast<int?>().FirstOrDefault();
        return (next is { } n ? today.AddDays(-n) : null, today.AddDays(-step));
    }

    // True between from and until (Rome wall clock), across midnight when from > until; equal = never quiet.
    public static bool IsQuiet(TimeOnly now, TimeOnly from, TimeOnly until) =>
        from != until && (from < until ? now >= from && now < until : now >= from || now < until);
}
