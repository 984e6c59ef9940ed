using Contracts.DebtPositions;
using Testing;

namespace DebtPositions.Tests;

// The events DebtPositions publishes, each with a marker of our own that no real one can be mistaken for.
internal static class DebtPositionEvents
{
    private const string MarkerPrefix = "marker-";

    public static Task<EveryEvent<DebtPositionChanged>> ChangesAsync(TestBus bus) => EveryEvent<DebtPositionChanged>.StartAsync(bus,
        id => new DebtPositionChanged(new DebtPositionSnapshot("", MarkerPrefix + id.ToString("N"), "", 0, "", null, new DebtorSnapshot("F", "", ""),
            null, false, []), "", "", DateTimeOffset.UtcNow),
        c => c.Position.Iupd.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(c.Position.Iupd[MarkerPrefix.Length..], "N") : null);

    public static Task<EveryEvent<DebtPositionsImported>> ChunksAsync(TestBus bus) => EveryEvent<DebtPositionsImported>.StartAsync(bus,
        id => new DebtPositionsImported(id, -1, [], "", MarkerPrefix, DateTimeOffset.UtcNow),
        c => c.Cause == MarkerPrefix ? c.ImportId : null);

    public static IReadOnlyList<DebtPositionChanged> Of(this EveryEvent<DebtPositionChanged> changes, string iupd) =>
        [.. changes.Seen.Where(c => c.Position.Iupd == iupd)];

    // Every event DebtPositions has committed so far has been seen (SettleAsync).
    public static Task SettleAsync<T>(this EveryEvent<T> events, TestDatabase database) where T : class => events.SettleAsync(database, "debt_positions");
}
