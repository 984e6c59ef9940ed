using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace Reporting;

// Reconciliation figures for the dashboards, on the service's Meter.
internal sealed class ReportingMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _flows = telemetry.Meter.CreateCounter<long>(
        "reporting.flows.received", description: "Reporting flow revisions stored, by source");
    private readonly Counter<long> _matched = telemetry.Meter.CreateCounter<long>(
        "reporting.transfers.reconciled", description: "Paid transfers reconciled with a flow row for the first time");
    private readonly Counter<long> _anomalies = telemetry.Meter.CreateCounter<long>(
        "reporting.anomalies.detected", description: "Flow rows (and flows) classified as anomalies when stored, by kind");

    public void FlowReceived(string source) => _flows.Add(1, new KeyValuePair<string, object?>("source", source));

    public void Reconciled(int count) => _matched.Add(count);

    public void Anomalies(string kind, int count) => _anomalies.Add(count, new KeyValuePair<string, object?>("kind", kind));
}
