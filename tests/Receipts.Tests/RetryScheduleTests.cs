using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Receipts.Webhooks;
using Xunit;

namespace Receipts.Tests;

public sealed class RetryScheduleTests
{
    private static readonly WebhookOptions Options = new();
    private static readonly WebhookSweeper Sweeper = new(null!, null!, new WebhookSignal(), Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System,
        NullLogger<WebhookSweeper>.Instance);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Waits_grow_with_the_time_already_spent_between_the_first_and_the_longest_delay()
    {
        var (status, first) = Sweeper.NextAfterFailure(Start, Start);
        Assert.Equal("pending", status);
        Assert.InRange(first!.Value - Start, Options.FirstRetryDelay * 0.75, Options.FirstRetryDelay * 1.25);
        var oneHourIn = Start.AddHours(1);
        Assert.InRange(Sweeper.NextAfterFailure(Start, oneHourIn).Next!.Value - oneHourIn, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(75));
        var dayIn = Start.AddDays(1);
        Assert.InRange(Sweeper.NextAfterFailure(Start, dayIn).Next!.Value - dayIn, Options.MaxRetryDelay * 0.75, Options.MaxRetryDelay * 1.25);
    }

    [Fact]
    public void The_last_attempt_falls_on_the_72_hour_horizon_and_a_failure_there_is_final()
    {
        var nearEnd = Start + Options.GiveUpAfter - TimeSpan.FromMinutes(10);
        Assert.Equal(Start + Options.GiveUpAfter, Sweeper.NextAfterFailure(Start, nearEnd).Next);
        Assert.Equal(("dead", (DateTimeOffset?)null), Sweeper.NextAfterFailure(Start, Start + Options.GiveUpAfter));
    }

    [Fact]
    public void Retrying_to_the_horizon_takes_at_least_72_hours_and_a_few_dozen_attempts()
    {
        var now = Start;
        var attempts = 1;
        while (Sweeper.NextAfterFailure(Start, now) is ("pending", { } next)) (now, attempts) = (next, attempts + 1);
        Assert.True(now - Start >= Options.GiveUpAfter);
        Assert.InRange(attempts, 15, 40);
    }
}
