using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Time;
using Xunit;

namespace ServiceDefaults.Tests;

// The test platform's shared clock (ADR 0045): an offset file moves the calendar of every process that reads it.
public sealed class PlatformClockTests : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("clock-").FullName;

    private string OffsetFile => Path.Combine(_folder, "clock-offset");

    [Fact]
    public void The_time_is_the_systems_plus_the_offset_in_the_file_and_a_missing_file_is_no_offset()
    {
        using var missing = new ShiftedTimeProvider(OffsetFile);
        Assert.Equal(TimeSpan.Zero, missing.Offset);

        File.WriteAllText(OffsetFile, "61.00:00:00");
        using var shifted = new ShiftedTimeProvider(OffsetFile);
        var before = DateTimeOffset.UtcNow + TimeSpan.FromDays(61);
        var now = shifted.GetUtcNow();
        var after = DateTimeOffset.UtcNow + TimeSpan.FromDays(61);
        Assert.InRange(now, before, after);
        Assert.Equal(TimeSpan.FromDays(61), shifted.Offset);
        Assert.InRange(shifted.Unshifted().GetUtcNow(), before - TimeSpan.FromDays(61), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Rewriting_the_file_shifts_the_clock_and_wakes_whoever_waits_for_a_shift()
    {
        File.WriteAllText(OffsetFile, "00:00:00");
        using var shifted = new ShiftedTimeProvider(OffsetFile);
        var woken = ((TimeProvider)shifted).WhenShiftedAsync(CancellationToken.None);
        Assert.False(woken.IsCompleted);

        File.WriteAllText(OffsetFile + ".tmp", "5.00:00:00");
        File.Move(OffsetFile + ".tmp", OffsetFile, overwrite: true);

        // The watcher re-reads the file on its own; the wait has a deadline, never a fixed sleep.
        await woken.WaitAsync(Settle);
        Assert.Equal(TimeSpan.FromDays(5), shifted.Offset);
    }

    [Fact]
    public void A_file_that_does_not_hold_a_duration_refuses_to_start_and_a_half_written_one_keeps_the_offset()
    {
        File.WriteAllText(OffsetFile, "sixty-one days");
        Assert.Throws<InvalidOperationException>(() => new ShiftedTimeProvider(OffsetFile));

        File.WriteAllText(OffsetFile, "2.00:00:00");
        using var shifted = new ShiftedTimeProvider(OffsetFile);
        File.WriteAllText(OffsetFile, "3.00:");
        Assert.Equal(TimeSpan.FromDays(2), shifted.Reload());
    }

    [Fact]
    public void Without_the_setting_the_clock_is_the_systems_and_with_it_Production_refuses_to_start()
    {
        var plain = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        plain.AddPlatformClock();
        using (var provider = plain.Services.BuildServiceProvider())
            Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());

        var testing = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        testing.Configuration[PlatformClock.OffsetFileSetting] = OffsetFile;
        testing.AddPlatformClock();
        using (var provider = testing.Services.BuildServiceProvider())
            Assert.IsType<ShiftedTimeProvider>(provider.GetRequiredService<TimeProvider>());

        var production = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        production.Configuration[PlatformClock.OffsetFileSetting] = OffsetFile;
        var refused = Assert.Throws<InvalidOperationException>(() => production.AddPlatformClock());
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
