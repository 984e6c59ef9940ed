using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// A property of the notice read model: whether a position arrives as single events or inside import chunks, the rows
// are the same. Generated positions go both ways over the real broker into real PostgreSQL, under two ECs.
public sealed class OneProjectionTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Theory]
    [InlineData(1)]
    [InlineData(20261206)]
    public async Task Single_events_and_chunks_of_the_same_generated_positions_leave_identical_notice_rows(int seed)
    {
        var positions = GeneratedPositions.Create(seed, $"PROP-{seed}", count: 60);
        var (singles, chunks) = (TwoDeliveryPaths.NewOrganization(), TwoDeliveryPaths.NewOrganization());
        using var client = app.CreateClient(); // starts the service and its consumers
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);

        await TwoDeliveryPaths.DeliverAsync(bus, app.Database, NodeAdapterDb.Schema, positions, singles, chunks);

        var (bySingles, byChunks) = (await RowsAsync(singles), await RowsAsync(chunks));
        var firstDifference = bySingles.Zip(byChunks).FirstOrDefault(pair => pair.First != pair.Second);
        Assert.True(bySingles.Length == byChunks.Length && firstDifference == default,
            $"seed {seed}: {bySingles.Length} rows by single events, {byChunks.Length} by chunks; first difference:\n{firstDifference.First}\n{firstDifference.Second}");
        // The rules were exercised: options dropped or overtaken are withdrawn, and only the latest versions' options are payable.
        var latest = positions.Histories.Select(h => h.MaxBy(p => p.Version)!).ToList();
        Assert.Equal(latest.SelectMany(p => p.Options.Select(o => o.Iuv)).Order(), await PayableIuvsAsync(chunks));
        Assert.Contains(bySingles, row => row.Contains("\"WITHDRAWN\"", StringComparison.Ordinal));
    }

    // Every column of every notice of the EC but the EC itself and the instant of the write, one row per line.
    private async Task<string[]> RowsAsync(string organization) =>
        (await app.Database.ScalarAsync<string>($"""
            SELECT string_agg((to_jsonb(n) - 'organization_fiscal_code' - 'updated_at')::text, E'\n' ORDER BY n.iuv)
            FROM node_adapter.notices n WHERE n.organization_fiscal_code = '{organization}'
            """) ?? "").Split('\n');

    private async Task<IEnumerable<string>> PayableIuvsAsync(string organization) =>
        ((await app.Database.ScalarAsync<string>($"""
            SELECT string_agg(iuv, ' ' ORDER BY iuv) FROM node_adapter.notices
            WHERE organization_fiscal_code = '{organization}' AND position_status <> 'WITHDRAWN'
            """)) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order();
}
