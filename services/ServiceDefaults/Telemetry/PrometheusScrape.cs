using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Renders the service's metrics in Prometheus text format on demand (no exporter package is
/// available here, PLATFORM-NOTES): a cumulative reader collected on each GET /metrics.
/// </summary>
public sealed class PrometheusScrape : IDisposable
{
    private readonly TextExporter _exporter = new();
    private readonly Lock _gate = new();

    public PrometheusScrape() =>
        Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };

    public MetricReader Reader { get; }

    public string Collect()
    {
        lock (_gate)
        {
            Reader.Collect();
            return _exporter.Last;
        }
    }

    public void Dispose() => Reader.Dispose();

    private sealed class TextExporter : BaseExporter<Metric>
    {
        public string Last { get; private set; } = "";

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var text = new StringBuilder();
            foreach (var metric in batch) PrometheusText.Append(text, metric);
            Last = text.ToString();
            return ExportResult.Success;
        }
    }
}

internal static class PrometheusText
{
    public static void Append(StringBuilder text, Metric metric)
    {
        var name = MetricName(metric);
        var (type, suffix) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", "_total"),
            MetricType.Histogram => ("histogram", ""),
            MetricType.LongGauge or MetricType.DoubleGauge
                or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => ("gauge", ""),
            _ => ("", ""),
        };
        if (type.Length == 0) return; // exponential histograms: not used by our meters
        if (!string.IsNullOrEmpty(metric.Description))
            text.Append("# HELP ").Append(name).Append(suffix).Append(' ').Append(metric.Description.Replace('\n', ' ')).Append('\n');
        text.Append("# TYPE ").Append(name).Append(suffix).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.Histogram:
                    AppendHistogram(text, name, labels, point);
                    break;
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(text, name + suffix, labels, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(text, name + suffix, labels, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(text, name, labels, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(text, name, labels, point.GetGaugeLastValueDouble());
                    break;
            }
        }
    }

    private static void AppendHistogram(StringBuilder text, string name, string labels, MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var le = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Format(bucket.ExplicitBound);
            var withLe = labels.Length == 0 ? $"le=\"{le}\"" : $"{labels},le=\"{le}\"";
            Sample(text, name + "_bucket", withLe, cumulative);
        }
        Sample(text, name + "_sum", labels, point.GetHistogramSum());
        Sample(text, name + "_count", labels, point.GetHistogramCount());
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("G17", CultureInfo.InvariantCulture);

    private static string Labels(ReadOnlyTagCollection tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            value = value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
            parts.Add($"{Sanitize(tag.Key)}=\"{value}\"");
        }
        return string.Join(',', parts);
    }

    private static string MetricName(Metric metric)
    {
        var name = Sanitize(metric.Name);
        var unit = metric.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        return unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal) ? name + unit : name;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_' || chars[i] == ':')) chars[i] = '_';
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }
}
