using Contracts.NodeAdapter;
using Contracts.Receipts;
using Contracts.Reporting;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Reporting;
using Testing;

namespace Reporting.Tests;

// The classes run one after the other: meters are process-wide by name, so two apps alive at once would add up each
// other's counters and the metric assertions would see both.
[Xunit.CollectionDefinition(Name)]
public sealed class ReportingCollection
{
    public const string Name = "reporting";
}

public sealed class ReportingApp() : ServiceFactory<Program>(ReportingDb.Schema, typeof(ReportingDb).Assembly)
{
    // Every delivery the service's bus has finished with.
    public Deliveries Deliveries { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddReceiveObserver(_ => Deliveries));
    }
}

// Every TransfersReconciled Reporting publishes, with a marker of our own (a flow id no flow has).
internal static class Announcements
{
    private const string MarkerPrefix = "marker-";

    public static Task<EveryEvent<TransfersReconciled>> ObserveAsync(TestBus bus) => EveryEvent<TransfersReconciled>.StartAsync(bus,
        id => new TransfersReconciled(Samples.Ec, MarkerPrefix + id.ToString("N"), [], DateTimeOffset.UtcNow),
        m => m.FlowId.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(m.FlowId[MarkerPrefix.Length..], "N") : null);

    // Every announcement Reporting has committed so far has been seen.
    public static Task SettleAsync(this EveryEvent<TransfersReconciled> announcements, TestDatabase database) =>
        announcements.SettleAsync(database, ReportingDb.Schema);
}

// Messages as the Receipts service and the NodeAdapter publish them.
internal static class Samples
{
    public const string Ec = "77777777777";
    private static readonly DateOnly Regulation = new(2026, 11, 20);

    public static PaymentRecorded Payment(string iuv, string receiptId, params (int Id, long Cents)[] transfers) => new(
        Ec, iuv, "3" + iuv, receiptId, transfers.Sum(t => t.Cents), new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(1)),
        "PSPSIM01", false,
        transfers.Select(t => new Contracts.Receipts.PaidTransfer(t.Id, Ec, t.Cents, "IT60X0542811101000000123456", "9/0101108TS/")).ToList(),
        DateTimeOffset.UtcNow);

    public static ReportedPayment Row(int index, string iuv, string iur, int idTransfer, long cents, int outcome = 0) =>
        new(index, iuv, iur, idTransfer, cents, outcome, new DateOnly(2026, 11, 18));

    public static ReportingFlowDownloaded Flow(string flowId, long revision, params ReportedPayment[] rows) => FlowWithTotals(
        flowId, revision, rows.Length, rows.Sum(r => r.AmountCents), rows);

    public static ReportingFlowDownloaded FlowWithTotals(string flowId, long revision, long totalPayments, long totalCents, params ReportedPayment[] rows) =>
        new(Ec, flowId, revision, "PSPSIM01", DateTimeOffset.UtcNow, "SCT-TRN-1", Regulation, "UNCRITMMXXX", totalPayments, totalCents,
            rows, "fdr-rest", DateTimeOffset.UtcNow);
}
