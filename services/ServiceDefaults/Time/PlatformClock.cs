using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Time;

/// <summary>
/// The process's <see cref="TimeProvider"/>: the system's, or, when <c>Testing:ClockOffsetFile</c> names a file
/// and the environment is not Production, a <see cref="ShiftedTimeProvider"/> that a test platform moves to a
/// later day (ADR 0045).
/// </summary>
public static class PlatformClock
{
    public const string OffsetFileSetting = "Testing:ClockOffsetFile";

    /// <summary>Where a shifted process tells the offset it uses, after re-reading the file (tests wait on it).</summary>
    public const string ClockPath = "/testing/clock";

    public static WebApplicationBuilder AddPlatformClock(this WebApplicationBuilder builder)
    {
        var file = builder.Configuration[OffsetFileSetting];
        if (string.IsNullOrWhiteSpace(file))
        {
            builder.Services.AddSingleton(TimeProvider.System);
            return builder;
        }
        if (builder.Environment.IsProduction())
            throw new InvalidOperationException(
                $"{OffsetFileSetting} is set in the Production environment: a shifted clock changes every amount and due date, "
                + "so it runs only in a test environment (ASPNETCORE_ENVIRONMENT other than Production).");
        builder.Services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(file));
        return builder;
    }

    /// <summary>GET /testing/clock (only when the clock is shifted): re-reads the offset file and answers the offset and the time.</summary>
    public static void MapPlatformClock(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TimeProvider>() is not ShiftedTimeProvider shifted) return;
        app.MapGet(ClockPath, () =>
        {
            var offset = shifted.Reload();
            return Results.Ok(new ClockView(offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture), shifted.GetUtcNow()));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The clock credentials are checked against: never shifted, since token libraries validate on real time.</summary>
    public static TimeProvider Unshifted(this TimeProvider time) => time is ShiftedTimeProvider shifted ? shifted.Real : time;

    /// <summary>Completes when a test shifts the clock (never for the system's clock), so a wait for a calendar moment can re-plan.</summary>
    public static Task WhenShiftedAsync(this TimeProvider time, CancellationToken ct) =>
        time is ShiftedTimeProvider shifted ? shifted.WhenShiftedAsync(ct) : Task.Delay(Timeout.Infinite, ct);

    private sealed record ClockView(string Offset, DateTimeOffset Now);
}
