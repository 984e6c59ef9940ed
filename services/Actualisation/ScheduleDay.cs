using ServiceDefaults.Security;
using ServiceDefaults.Time;

namespace Actualisation;

// The Rome day the stored schedules follow: the day this process started, then the day of each midnight recompute.
// Ops read it to see that the midnight recompute ran; tests wait on it after moving the clock.
internal sealed class ScheduleDay(TimeProvider time)
{
    private int _dayNumber = RomeCalendar.Today(time).DayNumber;

    public DateOnly Current
    {
        get => DateOnly.FromDayNumber(Volatile.Read(ref _dayNumber));
        set => Volatile.Write(ref _dayNumber, value.DayNumber);
    }

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/calendar", (ScheduleDay day, TimeProvider time) => TypedResults.Ok(new CalendarView(RomeCalendar.Today(time), day.Current)))
            .ForAnyOrganization().RequireReadOnly()
            .WithSummary("The Rome day now, and the day the stored schedules were last recomputed for")
            .WithDescription("`schedulesFollow` equals `today` once the midnight recompute of the day has run.");
}

// Today in Europe/Rome, and the day the stored formal-rule schedules were computed for.
public sealed record CalendarView(DateOnly Today, DateOnly SchedulesFollow);
