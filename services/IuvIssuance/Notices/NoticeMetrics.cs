using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace IuvIssuance.Notices;

// Notice rendering on the service's Meter: pages printed (on demand or in batches) and batch durations.
internal sealed class NoticeMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _pages = telemetry.Meter.CreateCounter<long>(
        "notices.pages.rendered", description: "Notice pages rendered, by source (single, batch)");
    private readonly Histogram<double> _batches = telemetry.Meter.CreateHistogram<double>(
        "notices.batch.duration", "s", "Time to render and store one notice batch");

    public void PagesRendered(int pages, string source) => _pages.Add(pages, new KeyValuePair<string, object?>("source", source));

    public void BatchRendered(TimeSpan elapsed) => _batches.Record(elapsed.TotalSeconds);
}
