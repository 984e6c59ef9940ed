using MassTransit;
using Refit;
using ServiceDefaults.Http;
using ServiceDefaults.Messaging;
using ServiceDefaults.Telemetry;

namespace Actualisation.Dunning;

internal static class DunningSetup
{
    // Reminders and overdue summaries (docs/dunning.md): the job, the e-mail and IO channels, their options.
    public static WebApplicationBuilder AddDunning(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DunningOptions.Section);
        builder.Services.Configure<DunningOptions>(section);
        builder.Services.AddMetricsResolvedAtStart<DunningMetrics>();
        builder.Services.AddSingleton<ReminderMailer>();
        builder.Services.AddScoped<ReminderRound>();
        builder.Services.AddScoped<OverdueSummaries>();
        builder.Services.AddScoped<IoReminders>();
        builder.Services.AddScoped<DunningNotices>();
        builder.Services.AddHostedService<DunningJob>();
        var io = section.GetSection("Io").Get<IoOptions>() ?? new IoOptions();
        // Without a base URL the IO channel is off (IoReminders is never asked), but the client must still resolve.
        builder.Services.AddRefitGeneratedClient<IIoApi>()
            .ConfigureHttpClient(http =>
            {
                http.BaseAddress = new Uri((io.Configured ? io.BaseUrl! : "http://io.invalid/api/v1").TrimEnd('/') + "/");
                if (io.SubscriptionKey is { } key) http.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", key);
            })
            .AddStandardResilience(builder.Configuration, "Io", o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                o.Retry.Delay = TimeSpan.FromMilliseconds(500);
            });
        return builder;
    }

    public static IBusRegistrationConfigurator AddDunningConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddBatchConsumer<DunningPaymentConsumer>();
        bus.AddConsumer<ImportedNoticesConsumer>();
        return bus;
    }
}
