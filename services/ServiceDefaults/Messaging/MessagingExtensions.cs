using System.Text.Json;
using System.Text.Json.Serialization;
using ImportChunks;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Messaging;

/// <summary>
/// The JSON of every message on the wire and in the outbox: nulls left out (a bulk chunk of a thousand positions is
/// much lighter, and every consumer reads an absent property as null anyway) and no comment skipping (the reader's
/// plain path; messages never carry comments). Figures: docs/bench/bulk-import.md.
/// A bulk chunk's positions travel in the ImportChunks codec (ADR 0041): registered here, so that every bus and the
/// outbox of every service write and read the same form.
/// </summary>
public static class MessageJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        if (!options.Converters.Any(c => c is ImportedPositionsJsonConverter)) options.Converters.Insert(0, new ImportedPositionsJsonConverter());
        return options;
    }
}

public static class MessagingExtensions
{
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>
    /// MassTransit on RabbitMQ the same way in every service: queues named
    /// `&lt;service&gt;-&lt;consumer&gt;` in kebab-case, quorum queues, one retry policy, the inbox on
    /// every consumer, and the outbox relay for <typeparamref name="TDb"/>.
    /// </summary>
    public static WebApplicationBuilder AddMessaging<TDb>(this WebApplicationBuilder builder, Action<IBusRegistrationConfigurator> consumers)
        where TDb : DbContext, IOutboxDb
    {
        var uri = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings__{ConnectionStringName} is not configured");
        var prefix = KebabCaseEndpointNameFormatter.Instance.SanitizeName(builder.Environment.ApplicationName);

        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddHostedService<OutboxRelay<TDb>>();
        // The host starts without waiting for the broker: the station and the REST reads serve from the
        // service's own data while the bus keeps connecting in the background (ADR 0033). Whoever needs
        // every queue declared and bound before publishing (scripts, tests) waits for /health, which
        // includes the bus; /health/ready does not.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        var names = new KebabCaseEndpointNameFormatter(prefix, false);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(names);
            // MassTransit 8.4 reports usage to an outside host by default: a payments platform sends nothing
            // anywhere it was not told to (and here the attempt only fills the logs with connection errors).
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            // MassTransit tags its check "ready" by default, which would take every replica out of rotation
            // during a broker outage: the broker is reported on /health only.
            bus.ConfigureHealthCheckOptions(options =>
            {
                options.Name = "broker";
                options.Tags.Clear();
                options.Tags.Add(HostingExtensions.BrokerTag);
            });
            consumers(bus);
            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
                var batch = context.GetServices<BatchConsumerEndpoint>().FirstOrDefault(b => b.Name(names) == name);
                if (batch is null) endpoint.UseConsumeFilter(typeof(InboxFilter<>), context);
                else
                {
                    // Enough messages in flight to fill every batch the consumer may run at once, and the next one meanwhile.
                    var inFlight = batch.Options.MessageLimit * (batch.Options.ConcurrencyLimit + 1);
                    endpoint.ConcurrentMessageLimit = inFlight;
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator batchQueue) batchQueue.PrefetchCount = inFlight;
                }
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(uri));
                rabbit.ConfigureJsonSerializerOptions(MessageJson.Configure);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
