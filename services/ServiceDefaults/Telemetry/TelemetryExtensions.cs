using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

/// <summary>The service's own Meter and ActivitySource, both named after the service.</summary>
public sealed class ServiceTelemetry(string serviceName) : IDisposable
{
    public string ServiceName { get; } = serviceName;
    public Meter Meter { get; } = new(serviceName);
    public ActivitySource ActivitySource { get; } = new(serviceName);

    public void Dispose()
    {
        Meter.Dispose();
        ActivitySource.Dispose();
    }
}

public static class TelemetryExtensions
{
    // Libraries that emit native ActivitySources/Meters: no instrumentation packages needed (PLATFORM-NOTES).
    private static readonly string[] TraceSources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "MassTransit"];
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http",
        "Npgsql", "MassTransit", "System.Runtime",
    ];

    /// <summary>
    /// Share of new traces recorded, 0–1 (default 1: all). Parent-based: a call that arrives inside a trace
    /// follows its caller's decision, so a trace is whole or absent across the gateway and the services.
    /// Metrics are not sampled: every request, error and fault is still counted.
    /// </summary>
    public const string TraceSampleRatioKey = "Telemetry:TraceSampleRatio";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var serviceName = builder.Environment.ApplicationName;
        var otlpEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var ratio = builder.Configuration.GetValue(TraceSampleRatioKey, 1.0);
        if (ratio is < 0 or > 1 || double.IsNaN(ratio))
            throw new InvalidOperationException($"{TraceSampleRatioKey.Replace(":", "__", StringComparison.Ordinal)} must be between 0 and 1, not {ratio}");
        builder.Services.AddSingleton(new ServiceTelemetry(serviceName));
        builder.Services.AddSingleton<PrometheusScrape>();
        // Registered through a factory so the container disposes (and flushes) the SDK on shutdown.
        builder.Services.AddSingleton(sp => OpenTelemetrySdk.Create(otel =>
        {
            otel.ConfigureResource(r => r.AddService(serviceName));
            otel.WithTracing(t =>
            {
                // Parent-based: a call inside a trace follows its caller, so traces are whole or absent (ADR 0014).
                t.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
                t.AddSource(serviceName).AddSource(TraceSources);
                if (!string.IsNullOrEmpty(otlpEndpoint)) t.AddOtlpExporter();
            });
            otel.WithMetrics(m =>
            {
                m.AddMeter(serviceName).AddMeter(Meters);
                m.AddReader(sp.GetRequiredService<PrometheusScrape>().Reader);
                if (!string.IsNullOrEmpty(otlpEndpoint)) m.AddOtlpExporter();
            });
        }));
        return builder;
    }

    internal static void StartTelemetry(this WebApplication app) => app.Services.GetRequiredService<OpenTelemetrySdk>();

    internal static RouteHandlerBuilder MapPrometheusMetrics(this WebApplication app) =>
        app.MapGet("/metrics", (PrometheusScrape scrape) =>
                Results.Text(scrape.Collect(), "text/plain; version=0.0.4; charset=utf-8"))
            .ExcludeFromDescription();
}
