using System.Net;
using Contracts.DebtPositions;
using ImportChunks;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// A bulk import's chunk (DebtPositionsImported) over the real broker: new positions are copied in, and a chunk
// meeting positions already known falls back to "highest version wins" per position, as single events do.
public sealed class BulkImportedTests(IuvApp app) : IClassFixture<IuvApp>, IAsyncLifetime
{
    private readonly HttpClient _client = app.CreateClient();
    private TestBus _bus = null!;

    public async Task InitializeAsync() => _bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task A_chunk_of_new_positions_makes_every_notice_printable_and_a_redelivery_changes_nothing()
    {
        var prefix = $"BULK-{Guid.NewGuid():N}"[..20];
        var navs = Enumerable.Range(0, 30).Select(_ => NewNav()).ToList();
        var chunk = Chunk(navs.Select((nav, i) => Changed($"{prefix}-{i}", 2, "VALID", Option(nav, 10_000 + i, new DateOnly(2026, 11, 30))).Position));
        var messageId = Guid.NewGuid();

        // Two copies at once (they may race to the inbox), then the chunk's effect is fingerprinted.
        await _bus.PublishAsync(chunk, messageId);
        await _bus.PublishAsync(chunk, messageId);
        var queue = (await app.Deliveries.OfAsync(messageId, 2))[0].Queue;
        Assert.Contains("100,17 €", await Reader.TextAsync(await PdfAsync(navs[17])), StringComparison.Ordinal);
        var afterChunk = await FingerprintAsync(prefix);

        await _bus.PublishAsync(chunk, messageId); // a later redelivery
        await app.Deliveries.OfAsync(messageId, 3);

        Assert.Equal(afterChunk, await FingerprintAsync(prefix));
        Assert.Equal(30, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM iuv_issuance.notice_positions WHERE iupd LIKE '{prefix}-%'"));
        Assert.Equal(30, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM iuv_issuance.notice_navs WHERE iupd LIKE '{prefix}-%'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM iuv_issuance.inbox_messages WHERE message_id = '{messageId}' AND consumer = '{queue}'"));
        // IuvIssuance publishes nothing of its own: its outbox stays empty.
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM iuv_issuance.outbox_messages"));
        Assert.All(app.Deliveries.Done.Where(d => d.MessageId == messageId), d => Assert.Null(d.Fault));
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, queue);
    }

    // Every row the chunk wrote (positions and NAVs) with the transaction that last wrote it (xmin).
    private Task<string?> FingerprintAsync(string prefix) => app.Database.ScalarAsync<string>($"""
        SELECT string_agg(row, ' ' ORDER BY row) FROM (
          SELECT 'position:' || iupd || '@' || xmin AS row FROM iuv_issuance.notice_positions WHERE iupd LIKE '{prefix}-%'
          UNION ALL SELECT 'nav:' || nav || '@' || xmin FROM iuv_issuance.notice_navs WHERE iupd LIKE '{prefix}-%') rows
        """);

    [Fact]
    public async Task A_chunk_meeting_known_positions_keeps_the_newer_and_replaces_the_older_with_its_notices()
    {
        var prefix = $"BULK-{Guid.NewGuid():N}"[..20];
        var (newer, older, oldNav, fresh) = (NewNav(), NewNav(), NewNav(), NewNav());
        // Single events got here first: one position already at version 3, another still at version 1 with another NAV.
        await _bus.PublishAsync(Changed($"{prefix}-newer", 3, "VALID", Option(newer, 30_000, new DateOnly(2026, 11, 30))));
        await _bus.PublishAsync(Changed($"{prefix}-older", 1, "VALID", Option(oldNav, 10_000, new DateOnly(2026, 11, 30))));
        await PdfAsync(newer);
        await PdfAsync(oldNav);

        await _bus.PublishAsync(Chunk([
            Changed($"{prefix}-newer", 2, "VALID", Option(newer, 20_000, new DateOnly(2026, 11, 30))).Position,
            Changed($"{prefix}-older", 2, "VALID", Option(older, 22_200, new DateOnly(2026, 11, 30))).Position,
            Changed($"{prefix}-fresh", 2, "VALID", Option(fresh, 44_400, new DateOnly(2026, 11, 30))).Position]));

        Assert.Contains("444,00 €", await Reader.TextAsync(await PdfAsync(fresh)), StringComparison.Ordinal);
        Assert.Contains("222,00 €", await Reader.TextAsync(await PdfAsync(older)), StringComparison.Ordinal);
        Assert.Contains("300,00 €", await Reader.TextAsync(await PdfAsync(newer)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(oldNav)).StatusCode);
        Assert.Equal(3, await app.Database.ScalarAsync<long>($"SELECT version FROM iuv_issuance.notice_positions WHERE iupd = '{prefix}-newer'"));
    }

    [Fact]
    public async Task A_position_stored_in_the_compact_form_still_prints_and_a_newer_chunk_stores_it_as_plain_JSON()
    {
        var iupd = $"BULK-{Guid.NewGuid():N}"[..20];
        var (oldNav, newNav) = (NewNav(), NewNav());
        var stored = Changed(iupd, 1, "VALID", Option(oldNav, 12_345, new DateOnly(2026, 11, 30))).Position;
        // As the service stored snapshots between ADRs 0021 and 0041: the chunk codec's one-position table.
        var compact = new System.Buffers.ArrayBufferWriter<byte>();
        ImportedPositionsJsonConverter.WriteSnapshot(compact, stored);
        var text = System.Text.Encoding.UTF8.GetString(compact.WrittenSpan).Replace("'", "''");
        Assert.StartsWith("{\"s\":", text);
        await app.Database.ExecuteAsync($"""
            INSERT INTO iuv_issuance.notice_positions (organization_fiscal_code, iupd, version, status, first_due_date, snapshot, received_at)
            VALUES ('{Ec}', '{iupd}', 1, 'VALID', '2026-11-30', '{text}', now());
            INSERT INTO iuv_issuance.notice_navs (organization_fiscal_code, nav, iupd) VALUES ('{Ec}', '{oldNav}', '{iupd}');
            """);
        Assert.Contains("123,45 €", await Reader.TextAsync(await PdfAsync(oldNav)), StringComparison.Ordinal);

        var newer = Changed(iupd, 2, "VALID", Option(newNav, 67_890, new DateOnly(2026, 11, 30))).Position;
        await _bus.PublishAsync(Chunk([newer]));

        Assert.Contains("678,90 €", await Reader.TextAsync(await PdfAsync(newNav)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(oldNav)).StatusCode);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(newer, SnapshotJsonContext.Default.DebtPositionSnapshot),
            await app.Database.ScalarAsync<string>($"SELECT snapshot FROM iuv_issuance.notice_positions WHERE iupd = '{iupd}'"));
    }

    private static DebtPositionsImported Chunk(IEnumerable<DebtPositionSnapshot> positions) =>
        new(Guid.NewGuid(), 0, positions.ToList(), DebtPositionChanges.Published, "import:test", DateTimeOffset.UtcNow);

    private Task<HttpResponseMessage> Get(string nav) => NoticeDownloads.GetAsync(_client, nav);

    private Task<byte[]> PdfAsync(string nav) => NoticeDownloads.PdfAsync(_client, nav);
}
