using Contracts.Receipts;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Receipts;
using Testing;

namespace Receipts.Tests;

public sealed class ReceiptsApp() : ServiceFactory<Program>(ReceiptsDb.Schema, typeof(ReceiptsDb).Assembly)
{
    /// <summary>Every delivery the service's bus has finished with.</summary>
    public Deliveries Deliveries { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddReceiveObserver(_ => Deliveries));
    }
}

/// <summary>Every PaymentRecorded Receipts publishes, with a marker of our own (a receipt id no receipt has).</summary>
internal static class Recorded
{
    private const string MarkerPrefix = "marker-";

    public static Task<EveryEvent<PaymentRecorded>> ObserveAsync(TestBus bus) => EveryEvent<PaymentRecorded>.StartAsync(bus,
        id => new PaymentRecorded("", "", "", MarkerPrefix + id.ToString("N"), 0, DateTimeOffset.UtcNow, "", false, [], DateTimeOffset.UtcNow),
        p => p.ReceiptId.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(p.ReceiptId[MarkerPrefix.Length..], "N") : null);
}
