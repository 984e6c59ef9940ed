using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Health;
using ServiceDefaults.Persistence;
using ServiceDefaults.Security;
using ServiceDefaults.Telemetry;
using ServiceDefaults.Web;

namespace ServiceDefaults;

public static class HostingExtensions
{
    /// <summary>Checks that decide whether the process can serve its main traffic (database, warm-ups).</summary>
    public const string ReadyTag = "ready";

    /// <summary>The message broker: reported on /health, never on /health/ready (ADR 0033).</summary>
    public const string BrokerTag = "broker";

    /// <summary>Hosting concerns every service shares: telemetry, caller authorization, health, ProblemDetails, time, JSON, OpenAPI.</summary>
    /// <param name="builder">The service's builder.</param>
    /// <param name="onStationPath">
    /// The process serves the pagoPA Node's calls (the gateway, the NodeAdapter): its ASP.NET Core and HttpClient
    /// telemetry defaults to the frameworks' own sources instead of the instrumentation packages (ADR 0040).
    /// </param>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, bool onStationPath = false)
    {
        builder.AddTelemetry(onStationPath);
        builder.AddCallerAuthorization();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddBadRequestProblems();
        builder.Services.AddHealthChecks();
        builder.Services.AddWarmUps();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Every SQL statement at Information drowns the logs and costs throughput.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Logging.AddFilter("Polly", Microsoft.Extensions.Logging.LogLevel.Warning); // a line per successful attempt otherwise
        builder.Services.Configure<Microsoft.Extensions.Logging.LoggerFactoryOptions>(o => o.ActivityTrackingOptions =
            Microsoft.Extensions.Logging.ActivityTrackingOptions.TraceId | Microsoft.Extensions.Logging.ActivityTrackingOptions.SpanId);
        return builder;
    }

    /// <summary>
    /// /health/live (process up), /health/ready (its main traffic can be served: database reachable, warm-ups run),
    /// /health (every check, the broker included: what scripts and tests wait for before publishing), /metrics, /openapi.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.StartTelemetry();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        }).AllowAnonymous();
        app.MapHealthChecks("/health", new()
        {
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        }).AllowAnonymous();
        var metrics = app.MapPrometheusMetrics().AllowAnonymous();
        var openApi = app.MapOpenApi().AllowAnonymous();
        // Where the process faces the outside (the gateway), metrics and OpenAPI answer only on the internal management port.
        if (app.Configuration["Management:Port"] is { Length: > 0 } port)
        {
            metrics.RequireHost($"*:{port}");
            openApi.RequireHost($"*:{port}");
        }
        return app;
    }

    /// <summary>
    /// `migrate` as the first argument applies the service's SQL migrations and exits (the explicit
    /// migration step of scripts, tests and k8s Jobs); otherwise runs the service.
    /// </summary>
    public static async Task RunOrMigrateAsync(this WebApplication app, string schema, string[] args)
    {
        if (args.Length > 0 && args[0] == "migrate")
        {
            var connectionString = app.Configuration.GetPaymentsConnectionString();
            var applied = await SqlMigrator.MigrateAsync(connectionString, schema,
                System.Reflection.Assembly.GetEntryAssembly()!, CancellationToken.None);
            Console.WriteLine($"{app.Environment.ApplicationName}: schema {schema} up to date ({applied} migration(s) applied)");
            return;
        }
        await app.RunAsync();
    }
}
