using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ServiceDefaults.Telemetry;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class TraceSamplingTests
{
    [Fact]
    public async Task By_default_every_new_trace_is_recorded()
    {
        await using var app = Build(ratio: null);
        using var root = app.Services.GetRequiredService<ServiceTelemetry>().ActivitySource.StartActivity("root");
        Assert.True(root is { Recorded: true, IsAllDataRequested: true });
    }

    [Fact]
    public async Task With_ratio_zero_new_traces_are_not_recorded_but_a_call_inside_a_sampled_trace_still_is()
    {
        await using var app = Build(ratio: "0");
        var source = app.Services.GetRequiredService<ServiceTelemetry>().ActivitySource;

        using (var root = source.StartActivity("root"))
            Assert.False(root is { Recorded: true } || root is { IsAllDataRequested: true });

        // The caller (the gateway, say) sampled this trace: the service follows it, so the trace stays whole.
        var sampledCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        using var child = source.StartActivity("child", ActivityKind.Server, sampledCaller);
        Assert.True(child is { Recorded: true, IsAllDataRequested: true });
    }

    [Fact]
    public void A_ratio_outside_zero_to_one_is_refused_at_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(ratio: "1.5"));
        Assert.Contains("Telemetry__TraceSampleRatio", error.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(string? ratio)
    {
        // A service name of its own: ActivitySources are process-wide and other tests listen too.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "SamplingProbe" + Guid.NewGuid().ToString("N") });
        if (ratio is not null) builder.Configuration[TelemetryExtensions.TraceSampleRatioKey] = ratio;
        builder.Configuration[ServiceDefaults.Security.InternalTokens.SigningKeySetting] = Testing.TestCallers.SigningKey;
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.Services.GetRequiredService<TracerProvider>();
        return app;
    }
}
