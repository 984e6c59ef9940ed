using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using Xunit.Abstractions;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// A thousand positions in one batch: split into parts of 250 positions, every one accounted for in the manifest.
// Asserts behaviour only; the time it took is written to the test output (measurement command in
// docs/notes/IuvIssuance.md), never asserted.
public sealed class NoticeBatchScaleTests(IuvApp app, ITestOutputHelper output) : IClassFixture<IuvApp>
{
    private const int Count = 1_000;

    [Fact]
    public async Task A_thousand_notices_render_into_four_parts_of_250_with_every_position_in_the_manifest()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var navs = Enumerable.Range(0, Count).Select(_ => NewNav()).ToArray();
        foreach (var chunk in Enumerable.Range(0, Count).Chunk(100))
            await Task.WhenAll(chunk.Select(i => bus.PublishAsync(Changed($"SCALE-{i:0000}", 1, "VALID",
                Option(navs[i], 10_000 + i, new DateOnly(2026, 12, 31))))));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM iuv_issuance.notice_positions WHERE iupd LIKE 'SCALE-%'") == Count, TimeSpan.FromSeconds(120), "positions consumed");

        var clock = Stopwatch.StartNew();
        var created = await client.PostAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-batches", new { filter = new { iupdPrefix = "SCALE-" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        JsonElement batch = default;
        var etas = new List<double>();
        await Eventually.TrueAsync(async () =>
        {
            batch = await client.GetFromJsonAsync<JsonElement>($"/api/iuv/organizations/{Ec}/notice-batches/{id}");
            if (batch.GetProperty("etaSeconds").ValueKind == JsonValueKind.Number) etas.Add(batch.GetProperty("etaSeconds").GetDouble());
            return batch.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(300), "batch finished");
        clock.Stop();

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((Count, 0, Count), (batch.GetProperty("rendered").GetInt32(), batch.GetProperty("skipped").GetInt32(), batch.GetProperty("pages").GetInt32()));
        using var zip = new ZipArchive(await client.GetStreamAsync(batch.GetProperty("file").GetString()));
        var parts = Enumerable.Range(1, Count / 250).Select(p => $"avvisi-{p:0000}.pdf");
        Assert.Equal(parts.Append("manifest.csv"), zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var manifest = new StreamReader(zip.GetEntry("manifest.csv")!.Open());
        var rows = (await manifest.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(Count, rows.Count);
        Assert.Equal($"SCALE-{Count - 1:0000},rendered,avvisi-{Count / 250:0000}.pdf,250,1,{navs[^1]}", rows[^1]);

        var server = (batch.GetProperty("completedAt").GetDateTimeOffset() - batch.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
        output.WriteLine($"{Count} notices: rendered and stored by the job in {server:0.00} s ({Count / server:0} notices/s); " +
                         $"request to downloadable {clock.Elapsed.TotalSeconds:0.00} s; zip {batch.GetProperty("sizeBytes").GetInt64() / 1024} KiB; " +
                         $"ETA samples {string.Join(", ", etas.Select(e => e.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}; " +
                         $"test-host peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    }
}
