using System.Collections.Concurrent;
using System.Net.Http.Json;
using Xunit;

namespace IuvIssuance.Tests;

// Uniqueness under contention: two replicas of the service (two hosts on one database), each with several allocators
// taking blocks of mixed sizes in parallel, one million numbers in total.
public sealed class ConcurrentAllocationTests(IuvApp app) : IClassFixture<IuvApp>
{
    private const string Ec = "66666666666";

    [Fact]
    public async Task Parallel_allocators_on_two_replicas_never_hand_out_the_same_number_among_a_million()
    {
        using var replicaB = app.WithWebHostBuilder(_ => { });
        var clients = new[] { app.CreateClient(), replicaB.CreateClient() };
        (await clients[0].PutAsJsonAsync($"/api/iuv/organizations/{Ec}", new { segregationCode = "03" })).EnsureSuccessStatusCode();
        int[] blockSizes = [10_000, 1, 7_500, 2_500, 333];
        var taken = new ConcurrentBag<string[]>();

        // 8 allocators (4 per replica), each taking blocks until it holds 125,000 numbers.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async allocator =>
        {
            var client = clients[allocator % 2];
            var held = 0;
            for (var i = allocator; held < 125_000; i++)
            {
                var size = Math.Min(blockSizes[i % blockSizes.Length], 125_000 - held);
                var response = await client.PostAsJsonAsync($"/api/iuv/organizations/{Ec}/iuvs", new { count = size });
                response.EnsureSuccessStatusCode();
                var block = (await response.Content.ReadFromJsonAsync<Block>())!;
                Assert.Equal(size, block.Items.Count);
                taken.Add(block.Items.Select(n => n.Nav).ToArray());
                held += size;
            }
        }));

        var all = taken.SelectMany(b => b).ToList();
        Assert.Equal(1_000_000, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        // No gap either: a million successful allocations used exactly the first million bases.
        Assert.Equal(999_999, all.Max(n => long.Parse(n[3..16], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1_000_000L, await app.Database.ScalarAsync<long>($"SELECT next_base FROM iuv_issuance.counters WHERE organization_fiscal_code = '{Ec}'"));
    }

    private sealed record Number(string Iuv, string Nav);
    private sealed record Block(List<Number> Items);
}
