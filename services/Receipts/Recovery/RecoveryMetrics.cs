using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace Receipts.Recovery;

// Receipt recovery figures for the dashboards, on the service's Meter.
internal sealed class RecoveryMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _calls = telemetry.Meter.CreateCounter<long>(
        "receipts.recovery.calls", description: "Calls to pagoPA's biz-events receipt API, by outcome (fetched, not-found, throttled, error)");
    private readonly Counter<long> _resolved = telemetry.Meter.CreateCounter<long>(
        "receipts.recovery.resolved", description: "Receipt recoveries ended, by status (recovered, already-archived, unrecoverable)");

    public void Called(string outcome) => _calls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Resolved(string status, int count)
    {
        if (count > 0) _resolved.Add(count, new KeyValuePair<string, object?>("status", status));
    }
}
