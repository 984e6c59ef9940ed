using Contracts.NodeAdapter;
using Testing;

namespace NodeAdapter.Tests;

// Every ReportingFlowDownloaded the station publishes, with markers to settle on (EveryEvent<T>).
internal static class FlowEvents
{
    private const string MarkerPrefix = "marker-";

    public static Task<EveryEvent<ReportingFlowDownloaded>> ObserveAsync(TestBus bus) => EveryEvent<ReportingFlowDownloaded>.StartAsync(bus,
        id => new ReportingFlowDownloaded("", MarkerPrefix + id.ToString("N"), 1, "", DateTimeOffset.UtcNow, "", new DateOnly(2026, 1, 1), null,
            0, 0, [], "", DateTimeOffset.UtcNow),
        flow => flow.FlowId.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(flow.FlowId[MarkerPrefix.Length..], "N") : null);
}
