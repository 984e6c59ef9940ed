using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace NodeAdapter;

/// <summary>The station's own instruments, on the service's meter (exported at /metrics and over OTLP).</summary>
internal sealed class StationMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _requests = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.soap.requests", description: "paForNode calls by operation, outcome and fault code");
    private readonly Histogram<double> _duration = telemetry.Meter.CreateHistogram<double>(
        "nodeadapter.soap.duration", "s", "Time to answer a paForNode call");
    private readonly Counter<long> _receipts = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.receipts.stored", description: "Receipts written to the receipt log");
    private readonly Counter<long> _noticeCache = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.notice_cache.lookups", description: "Read-model lookups of verify/get payment by result: hit, miss (read PostgreSQL), bypass (cache not listening)");
    private readonly Counter<long> _flows = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.flows.downloaded", description: "Reporting flows downloaded (status downloaded, parked or superseded)");

    public void SoapAnswered(string operation, string outcome, string? faultCode, TimeSpan elapsed)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome }, { "fault_code", faultCode ?? "none" } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new TagList { { "operation", operation }, { "outcome", outcome } });
    }

    public void NoticeCacheLookup(string result) => _noticeCache.Add(1, new KeyValuePair<string, object?>("result", result));

    public void ReceiptStored(string soapVersion, bool anomaly) =>
        _receipts.Add(1, new TagList { { "soap_version", soapVersion }, { "anomaly", anomaly ? "true" : "false" } });

    public void FlowStored(string status) => _flows.Add(1, new TagList { { "status", status } });
}
