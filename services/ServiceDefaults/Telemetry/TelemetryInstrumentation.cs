using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Which libraries are observed through their OpenTelemetry instrumentation package (spans tagged by the semantic
/// conventions, probes filtered out, the library's extra meters) rather than through their bare native
/// ActivitySource and request-duration meters. Both default to the package; `Telemetry__Instrumentation__AspNetCore=false`
/// or `…__HttpClient=false` is the switch for a process whose per-request cost matters more (the station, ADR 0014).
/// The request-duration metrics the dashboards use are there either way.
/// </summary>
internal sealed record TelemetryInstrumentation(bool AspNetCore, bool HttpClient)
{
    public const string Section = "Telemetry:Instrumentation";

    public static TelemetryInstrumentation From(IConfiguration configuration) => new(
        configuration.GetValue($"{Section}:AspNetCore", true),
        configuration.GetValue($"{Section}:HttpClient", true));
}
