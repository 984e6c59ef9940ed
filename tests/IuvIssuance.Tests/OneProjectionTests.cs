using Testing;
using Xunit;

namespace IuvIssuance.Tests;

// A property of the notice read model: whether a position arrives as single events or inside import chunks, its
// stored row and its NAV rows are the same. Generated positions go both ways over the real broker into real
// PostgreSQL, under two ECs.
public sealed class OneProjectionTests(IuvApp app) : IClassFixture<IuvApp>
{
    [Theory]
    [InlineData(1)]
    [InlineData(20261206)]
    public async Task Single_events_and_chunks_of_the_same_generated_positions_leave_identical_position_and_NAV_rows(int seed)
    {
        var positions = GeneratedPositions.Create(seed, $"PROP-{seed}", count: 60);
        var (singles, chunks) = (TwoDeliveryPaths.NewOrganization(), TwoDeliveryPaths.NewOrganization());
        using var client = app.CreateClient(); // starts the service and its consumers
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);

        await TwoDeliveryPaths.DeliverAsync(bus, app.Database, IuvDb.Schema, positions, singles, chunks);

        var (bySingles, byChunks) = (await RowsAsync(singles), await RowsAsync(chunks));
        var firstDifference = bySingles.Zip(byChunks).FirstOrDefault(pair => pair.First != pair.Second);
        Assert.True(bySingles.Length == byChunks.Length && firstDifference == default,
            $"seed {seed}: {bySingles.Length} rows by single events, {byChunks.Length} by chunks; first difference:\n{firstDifference.First}\n{firstDifference.Second}");
        // The rule was exercised: every position holds its latest version, and its NAV rows are exactly that version's.
        var latest = positions.Histories.Select(h => h.MaxBy(p => p.Version)!).ToList();
        Assert.Equal(latest.Select(p => $"{p.Iupd} {p.Version}").Order(), await LinesAsync(
            $"SELECT string_agg(iupd || ' ' || version, E'\\n') FROM iuv_issuance.notice_positions WHERE organization_fiscal_code = '{chunks}'"));
        Assert.Equal(latest.SelectMany(p => p.Options.Select(o => $"{o.Nav} {p.Iupd}")).Order(), await LinesAsync(
            $"SELECT string_agg(nav || ' ' || iupd, E'\\n') FROM iuv_issuance.notice_navs WHERE organization_fiscal_code = '{chunks}'"));
        Assert.True(positions.Histories.Any(h => h.Count > 1 && h[^1].Version < h.Max(p => p.Version)), $"seed {seed}: no late snapshot generated");
    }

    // Every column of the EC's positions but the instant of the write, with the EC's code replaced (the stored
    // snapshot holds it), and then its NAV rows, one row per line.
    private async Task<string[]> RowsAsync(string organization) =>
        (await app.Database.ScalarAsync<string>($"""
            SELECT replace(string_agg(row, E'\n' ORDER BY row), '{organization}', 'EC') FROM (
              SELECT (to_jsonb(p) - 'received_at')::text AS row FROM iuv_issuance.notice_positions p WHERE p.organization_fiscal_code = '{organization}'
              UNION ALL
              SELECT to_jsonb(n)::text FROM iuv_issuance.notice_navs n WHERE n.organization_fiscal_code = '{organization}') rows
            """) ?? "").Split('\n');

    private async Task<IEnumerable<string>> LinesAsync(string sql) =>
        ((await app.Database.ScalarAsync<string>(sql)) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
}
