using ServiceDefaults.Time;

namespace NodeSimulator.Clock;

// The simulated Node's clock follows the platform's test clock (same Testing:ClockOffsetFile ), so the receipts it
// writes carry the payment date of the day the test moved the platform to (ADR 0045).
internal static class SimulatorClock
{
    private const string OffsetFileSetting = "Testing:ClockOffsetFile";

    public static WebApplicationBuilder AddSimulatorClock(this WebApplicationBuilder builder)
    {
        var file = builder.Configuration[OffsetFileSetting];
        if (string.IsNullOrWhiteSpace(file)) builder.Services.AddSingleton(TimeProvider.System);
        else if (builder.Environment.IsProduction()) throw new InvalidOperationException($"{OffsetFileSetting} is set in the Production environment.");
        else builder.Services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(file));
        return builder;
    }

    // GET /testing/clock when shifted: re-reads the offset and answers it, as the services do.
    public static void MapSimulatorClock(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TimeProvider>() is not ShiftedTimeProvider shifted) return;
        app.MapGet("/testing/clock", () => TypedResults.Ok(new
        {
            offset = shifted.Reload().ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            now = shifted.GetUtcNow(),
        }));
    }
}
