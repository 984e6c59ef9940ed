using Actualisation.Dunning;
using Xunit;

namespace Actualisation.Tests.Dunning;

// The calendar arithmetic of reminders: which due dates are at which step today, and when the quiet hours hold.
public sealed class ReminderPlanTests
{
    private static readonly int[] Steps = [-7, 0, 30];
    private static readonly DateOnly Today = new(2026, 6, 10);

    [Theory]
    [InlineData(-7, "2026-06-10", "2026-06-17")]   // due in 1–7 days: a week-before reminder
    [InlineData(0, "2026-05-11", "2026-06-10")]    // due today or up to 29 days ago: the due-date reminder
    [InlineData(30, null, "2026-05-11")]           // due 30 days ago or more: the last step, with no lower end
    public void Each_step_covers_the_due_dates_from_its_day_until_the_next_steps_day(int step, string? after, string until)
    {
        var (from, to) = ReminderPlan.DueDatesAt(step, Steps, Today);
        Assert.Equal(after is null ? (DateOnly?)null : DateOnly.Parse(after), from);
        Assert.Equal(DateOnly.Parse(until), to);
    }

    [Theory]
    [InlineData("19:59", false)]
    [InlineData("20:00", true)]
    [InlineData("23:59", true)]
    [InlineData("00:00", true)]
    [InlineData("07:59", true)]
    [InlineData("08:00", false)]
    [InlineData("12:00", false)]
    public void Quiet_hours_from_20_to_8_span_midnight_and_end_at_8(string now, bool quiet) =>
        Assert.Equal(quiet, ReminderPlan.IsQuiet(TimeOnly.Parse(now), new TimeOnly(20, 0), new TimeOnly(8, 0)));

    [Theory]
    [InlineData("12:59", false)]
    [InlineData("13:00", true)]
    [InlineData("14:59", true)]
    [InlineData("15:00", false)]
    public void Quiet_hours_within_one_day_hold_from_their_start_until_their_end(string now, bool quiet) =>
        Assert.Equal(quiet, ReminderPlan.IsQuiet(TimeOnly.Parse(now), new TimeOnly(13, 0), new TimeOnly(15, 0)));

    [Fact]
    public void Equal_start_and_end_mean_no_quiet_hours() =>
        Assert.False(ReminderPlan.IsQuiet(new TimeOnly(3, 0), new TimeOnly(0, 0), new TimeOnly(0, 0)));

    [Theory]
    [InlineData(-7, "before-7")]
    [InlineData(0, "due-date")]
    [InlineData(30, "after-30")]
    public void Steps_are_named_by_their_days_from_the_due_date(int days, string name) =>
        Assert.Equal(name, DunningReminder.StepName(days));
}
