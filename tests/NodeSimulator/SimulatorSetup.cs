using System.Text.Json.Serialization;
using NodeSimulator.Clock;
using NodeSimulator.Demands;
using NodeSimulator.Fdr;
using NodeSimulator.Load;
using NodeSimulator.Payments;
using NodeSimulator.Soap;

namespace NodeSimulator;

// Public marker for hosting the simulator in-process (WebApplicationFactory<SimulatorEntryPoint>): the top-level
// Program stays internal so it never clashes with a service's Program.
public sealed class SimulatorEntryPoint;

internal static class SimulatorSetup
{
    public static WebApplicationBuilder AddNodeSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<NodeOptions>(builder.Configuration.GetSection(NodeOptions.Section));
        builder.AddSimulatorClock();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddSingleton<SoapSchemas>();
        builder.Services.AddSingleton<SettledPayments>();
        builder.Services.AddSingleton<FlowStore>();
        builder.Services.AddSingleton<Checkout.CheckoutCarts>();
        builder.Services.AddScoped<PaymentRunner>();
        builder.Services.AddScoped<DemandRunner>();
        builder.Services.AddScoped<LoadRunner>();
        builder.Services.AddSingleton<PaymentTimeline>();
        builder.Services.AddScoped<FlowPublisher>();
        // No retries: the Node calls the station once per step and turns a failure into a fault.
        builder.Services.AddHttpClient<StationClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        return builder;
    }
}
