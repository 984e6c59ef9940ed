using IuvIssuance;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Testing;

namespace IuvIssuance.Tests;

public sealed class IuvApp() : ServiceFactory<Program>(IuvDb.Schema, typeof(IuvDb).Assembly)
{
    // Every delivery the service's bus has finished with.
    public Deliveries Deliveries { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddReceiveObserver(_ => Deliveries));
    }
}
