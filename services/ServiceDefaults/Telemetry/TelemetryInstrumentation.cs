using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Which libraries are observed through their OpenTelemetry instrumentation package (spans tagged by the semantic
/// conventions, probes filtered out, the library's extra meters) rather than through their bare native
/// ActivitySource and request-duration meters. Both default to the package, except on the station path (the gateway
/// and the NodeAdapter), where the packages' per-request work costs the Node's calls more than their richer spans are
/// worth (ADR 0040). `Telemetry__Instrumentation__AspNetCore` and `…__HttpClient` (true/false) override the default.
/// The request-duration metrics the dashboards use are there either way.
/// </summary>
internal sealed record TelemetryInstrumentation(bool AspNetCore, bool HttpClient)
{
    public const string Section = "Telemetry:Instrumentation";

    public static TelemetryInstrumentation From(IConfiguration configuration, bool packagesByDefault) => new(
        configuration.GetValue($"{Section}:AspNetCore", packagesByDefault),
        configuration.GetValue($"{Section}:HttpClient", packagesByDefault));
}
