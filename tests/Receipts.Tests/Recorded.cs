using Contracts.Receipts;
using Testing;

namespace Receipts.Tests;

// Every PaymentRecorded Receipts publishes, with a marker of our own (a receipt id no receipt has).
internal static class Recorded
{
    private const string MarkerPrefix = "marker-";

    public static Task<EveryEvent<PaymentRecorded>> ObserveAsync(TestBus bus) => EveryEvent<PaymentRecorded>.StartAsync(bus,
        id => new PaymentRecorded("", "", "", MarkerPrefix + id.ToString("N"), 0, DateTimeOffset.UtcNow, "", false, [], DateTimeOffset.UtcNow),
        p => p.ReceiptId.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(p.ReceiptId[MarkerPrefix.Length..], "N") : null);
}
