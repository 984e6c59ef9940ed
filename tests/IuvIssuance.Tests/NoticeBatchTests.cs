using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

public sealed class NoticeBatchTests(IuvApp app) : IClassFixture<IuvApp>, IAsyncLifetime
{
    private const string Batches = $"/api/iuv/organizations/{Ec}/notice-batches";
    private readonly HttpClient _client = app.CreateClient();
    private TestBus _bus = null!;

    public async Task InitializeAsync() => _bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task A_batch_of_listed_positions_renders_a_zip_of_notices_with_a_manifest_and_skips_the_paid_one()
    {
        var navs = new[] { NewNav(), NewNav(), NewNav(), NewNav() };
        await PublishAsync(Changed("BATCH-L-1", 1, "VALID", Option(navs[0], 10_000, new DateOnly(2026, 6, 30))),
            Changed("BATCH-L-2", 1, "VALID", Option(navs[1], 20_000, new DateOnly(2026, 6, 30)),
                Option(navs[2], 10_000, new DateOnly(2026, 6, 30), instalment: true)),
            Changed("BATCH-L-3", 2, "PAID", Option(navs[3], 5_000, new DateOnly(2026, 6, 30), status: "PO_PAID")));

        var batch = await CreateAsync(new { iupds = new[] { "BATCH-L-2", "BATCH-L-1", "BATCH-L-3", "BATCH-L-1" } });
        Assert.Equal(3, batch.GetProperty("total").GetInt32());
        var done = await CompletedAsync(batch);

        Assert.Equal((2, 1, 3), (done.GetProperty("rendered").GetInt32(), done.GetProperty("skipped").GetInt32(), done.GetProperty("pages").GetInt32()));
        using var zip = await DownloadAsync(done);
        Assert.Equal(["avvisi-0001.pdf", "manifest.csv"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var manifest = await ReadTextAsync(zip.GetEntry("manifest.csv")!);
        Assert.Equal([
            "iupd,status,part,first_page,pages,navs",
            $"BATCH-L-2,rendered,avvisi-0001.pdf,1,2,{navs[1]} {navs[2]}",
            $"BATCH-L-1,rendered,avvisi-0001.pdf,3,1,{navs[0]}",
            "BATCH-L-3,skipped:PAID,,,,"], manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var pdf = await ReadBytesAsync(zip.GetEntry("avvisi-0001.pdf")!);
        Assert.Equal(3, await Reader.PageCountAsync(pdf));
        Assert.Equal([$"PAGOPA|002|{navs[2]}|77777777777|10000"], await Reader.QrCodesAsync(pdf, 2));
        Assert.Equal([$"PAGOPA|002|{navs[0]}|77777777777|10000"], await Reader.QrCodesAsync(pdf, 3));
    }

    [Fact]
    public async Task A_filtered_batch_takes_the_printable_positions_with_the_prefix_and_a_repeated_key_answers_the_same_batch()
    {
        await PublishAsync(Changed("CANONE-1", 1, "VALID", Option(NewNav(), 1_000, new DateOnly(2026, 3, 31))),
            Changed("CANONE-2", 1, "PUBLISHED", Option(NewNav(), 1_000, new DateOnly(2026, 3, 31))),
            Changed("CANONE-3", 1, "INVALID", Option(NewNav(), 1_000, new DateOnly(2026, 3, 31))),
            Changed("OTHER-1", 1, "VALID", Option(NewNav(), 1_000, new DateOnly(2026, 3, 31))));
        var body = new { filter = new { iupdPrefix = "CANONE-" } };

        var first = await CreateAsync(body, "key-canone-1");
        var again = await CreateAsync(body, "key-canone-1");

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(2, first.GetProperty("total").GetInt32());
        var done = await CompletedAsync(first);
        using var zip = await DownloadAsync(done);
        var manifest = await ReadTextAsync(zip.GetEntry("manifest.csv")!);
        Assert.Contains("CANONE-1,rendered", manifest, StringComparison.Ordinal);
        Assert.Contains("CANONE-2,rendered", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("CANONE-3", manifest, StringComparison.Ordinal);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM iuv_issuance.notice_batches WHERE idempotency_key = 'key-canone-1'"));
    }

    [Fact]
    public async Task Bad_batch_requests_get_precise_errors()
    {
        var unknown = await _client.PostAsJsonAsync(Batches, new { iupds = new[] { "NO-SUCH-POSITION" } });
        var neither = await _client.PostAsJsonAsync(Batches, new { });
        var badStatus = await _client.PostAsJsonAsync(Batches, new { filter = new { statuses = new[] { "PAID" } } });
        var nothing = await _client.PostAsJsonAsync(Batches, new { filter = new { iupdPrefix = "NOTHING-MATCHES-" } });
        var missing = await _client.GetAsync($"{Batches}/{Guid.NewGuid()}");

        Assert.Contains("NO-SUCH-POSITION", await FieldErrorAsync(unknown, "iupds"), StringComparison.Ordinal);
        Assert.Contains("exactly one", await FieldErrorAsync(neither, "iupds"), StringComparison.Ordinal);
        Assert.Contains("PAID", await FieldErrorAsync(badStatus, "filter.statuses"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM iuv_issuance.notice_batches WHERE selection::text LIKE '%NOTHING-MATCHES%'"));
    }

    private async Task PublishAsync(params Contracts.DebtPositions.DebtPositionChanged[] changes)
    {
        foreach (var change in changes) await _bus.PublishAsync(change);
        var iupds = string.Join(',', changes.Select(c => $"'{c.Position.Iupd}'"));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM iuv_issuance.notice_positions WHERE iupd IN ({iupds})") == changes.Length,
            TimeSpan.FromSeconds(20), "positions consumed");
    }

    private async Task<JsonElement> CreateAsync(object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Batches) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> CompletedAsync(JsonElement batch)
    {
        JsonElement state = default;
        await Eventually.TrueAsync(async () =>
        {
            state = await _client.GetFromJsonAsync<JsonElement>($"{Batches}/{batch.GetProperty("id").GetGuid()}");
            return state.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(60), "batch finished");
        Assert.Equal("completed", state.GetProperty("status").GetString());
        return state;
    }

    private async Task<ZipArchive> DownloadAsync(JsonElement batch)
    {
        var response = await _client.GetAsync(batch.GetProperty("file").GetString());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(batch.GetProperty("sizeBytes").GetInt64(), bytes.Length);
        return new ZipArchive(new MemoryStream(bytes));
    }

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return string.Join(" | ", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)
            .EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task<string> ReadTextAsync(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return await reader.ReadToEndAsync();
    }

    private static async Task<byte[]> ReadBytesAsync(ZipArchiveEntry entry)
    {
        using var output = new MemoryStream();
        await using (var input = entry.Open()) await input.CopyToAsync(output);
        return output.ToArray();
    }
}
