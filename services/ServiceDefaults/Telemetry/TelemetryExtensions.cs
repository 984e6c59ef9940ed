using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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
    /// <summary>
    /// Share of new traces recorded, 0–1 (default 1: all). Parent-based: a call that arrives inside a trace
    /// follows its caller's decision, so a trace is whole or absent across the gateway and the services.
    /// Metrics are not sampled: every request, error and fault is still counted.
    /// </summary>
    public const string TraceSampleRatioKey = "Telemetry:TraceSampleRatio";

    /// <summary>OpenTelemetry through its hosting package: traces (sampled, ADR 0014), metrics, /metrics for Prometheus, OTLP when configured.</summary>
    /// <param name="builder">The service's builder.</param>
    /// <param name="onStationPath">Instrumentation packages off unless configured on (ADR 0040).</param>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, bool onStationPath = false)
    {
        var serviceName = builder.Environment.ApplicationName;
        var ratio = builder.Configuration.GetValue(TraceSampleRatioKey, 1.0);
        if (ratio is < 0 or > 1 || double.IsNaN(ratio))
            throw new InvalidOperationException($"{TraceSampleRatioKey.Replace(":", "__", StringComparison.Ordinal)} must be between 0 and 1, not {ratio}");
        var instrumentation = TelemetryInstrumentation.From(builder.Configuration, packagesByDefault: !onStationPath);
        builder.Services.AddSingleton(new ServiceTelemetry(serviceName));
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                .AddSource(serviceName)
                .AddLibrarySources(instrumentation))
            .WithMetrics(m => m
                .AddMeter(serviceName)
                .AddLibraryMeters(instrumentation)
                .AddPrometheusExporter(o =>
                {
                    // Series keep the labels the rules and dashboards query (job and instance come from the scrape),
                    // and each scrape reads the meters afresh.
                    o.ScopeInfoEnabled = false;
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                }));
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        return builder;
    }

    private static TracerProviderBuilder AddLibrarySources(this TracerProviderBuilder tracing, TelemetryInstrumentation switches)
    {
        tracing = switches.AspNetCore
            ? tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
            : tracing.AddSource("Microsoft.AspNetCore");
        tracing = switches.HttpClient ? tracing.AddHttpClientInstrumentation() : tracing.AddSource("System.Net.Http");
        return tracing.AddNpgsql().AddSource(MassTransit.Logging.DiagnosticHeaders.DefaultListenerName);
    }

    private static MeterProviderBuilder AddLibraryMeters(this MeterProviderBuilder metrics, TelemetryInstrumentation switches)
    {
        metrics = switches.AspNetCore
            ? metrics.AddAspNetCoreInstrumentation()
            : metrics.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
        metrics = switches.HttpClient ? metrics.AddHttpClientInstrumentation() : metrics.AddMeter("System.Net.Http");
        return metrics.AddRuntimeInstrumentation()
            .AddNpgsqlInstrumentation()
            .AddMeter(MassTransit.Monitoring.InstrumentationOptions.MeterName);
    }

    // Probes and scrapes every few seconds would be most of the traces and none of the interest.
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    /// <summary>The OpenTelemetry providers start with the host; resolving them here makes a bad setting fail before the first request.</summary>
    internal static void StartTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<TracerProvider>();
        app.Services.GetRequiredService<MeterProvider>();
    }

    internal static IEndpointConventionBuilder MapPrometheusMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics");

    /// <summary>
    /// /metrics for Prometheus as a branch of the pipeline at the point of the call, for an app without
    /// <see cref="HostingExtensions.MapDefaultEndpoints"/> (the Web front end): called before its own middleware
    /// (HTTPS only, error pages, rate limits), a scrape on the internal port goes through none of it.
    /// </summary>
    public static IApplicationBuilder UseMetricsEndpoint(this WebApplication app) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint("/metrics");
}
