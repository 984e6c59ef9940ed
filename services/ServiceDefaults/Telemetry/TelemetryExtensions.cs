using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var serviceName = builder.Environment.ApplicationName;
        var otlpEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddSingleton(new ServiceTelemetry(serviceName));
        builder.Services.AddSingleton<PrometheusScrape>();
        // Registered through a factory so the container disposes (and flushes) the SDK on shutdown.
        builder.Services.AddSingleton(sp => OpenTelemetrySdk.Create(otel =>
        {
            otel.ConfigureResource(r => r.AddService(serviceName));
            otel.WithTracing(t =>
            {
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

    internal static void MapPrometheusMetrics(this WebApplication app) =>
        app.MapGet("/metrics", (PrometheusScrape scrape) =>
                Results.Text(scrape.Collect(), "text/plain; version=0.0.4; charset=utf-8"))
            .ExcludeFromDescription();
}
