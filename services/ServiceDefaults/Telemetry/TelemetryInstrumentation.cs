using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Which libraries are traced through their OpenTelemetry instrumentation package (spans named and tagged by the
/// semantic conventions, probes filtered out) rather than through their bare native ActivitySource. Both default
/// to the package; `Telemetry__Instrumentation__AspNetCore=false` or `…__HttpClient=false` is the switch for a
/// process whose per-request cost matters more than richer spans (the station, ADR 0014). Metrics are the same
/// either way: both libraries count natively.
/// </summary>
internal sealed record TelemetryInstrumentation(bool AspNetCore, bool HttpClient)
{
    public const string Section = "Telemetry:Instrumentation";

    public static TelemetryInstrumentation From(IConfiguration configuration) => new(
        configuration.GetValue($"{Section}:AspNetCore", true),
        configuration.GetValue($"{Section}:HttpClient", true));
}
