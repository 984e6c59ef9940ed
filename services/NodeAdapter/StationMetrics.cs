using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace NodeAdapter;

// The station's own instruments, on the service's meter (exported at /metrics and over OTLP).
internal sealed class StationMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _requests = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.soap.requests", description: "paForNode calls by operation, outcome and fault code");
    // Seconds-sized buckets (ASP.NET Core's for http.server.request.duration): the SDK's default bounds are sized for
    // milliseconds and would put every answer in the first bucket, leaving p50/p99 and the latency SLO meaningless.
    private readonly Histogram<double> _duration = telemetry.Meter.CreateHistogram(
        "nodeadapter.soap.duration", "s", "Time to answer a paForNode call", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
    private readonly Counter<long> _receipts = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.receipts.stored", description: "Receipts written to the receipt log");
    private readonly Counter<long> _receiptAmount = telemetry.Meter.CreateCounter<long>(
        "nodeadapter.receipts.amount", "{cent}", "Amount of the receipts written to the receipt log, in euro cents");
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

    public void ReceiptStored(string soapVersion, bool anomaly, long amountCents)
    {
        var tags = new TagList { { "soap_version", soapVersion }, { "anomaly", anomaly ? "true" : "false" } };
        _receipts.Add(1, tags);
        _receiptAmount.Add(amountCents, tags);
    }

    public void FlowStored(string status) => _flows.Add(1, new TagList { { "status", status } });
}
