using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace Actualisation;

// The service's counters, on its own Meter.
internal sealed class ActualisationMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _published = telemetry.Meter.CreateCounter<long>(
        "actualisation.schedules.published", description: "Amount schedules published because they changed, by rule");
    private readonly Counter<long> _fallbacks = telemetry.Meter.CreateCounter<long>(
        "actualisation.rule.fallbacks", description: "Notices whose rule could not be applied and got the constant amount");

    public void Published(string rule) => _published.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public void FellBack(string rule) => _fallbacks.Add(1, new KeyValuePair<string, object?>("rule", rule));
}
