using System.Text.Json;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// A bulk import's chunk makes its notices payable, with the same "highest version wins" as single events.
public sealed class BulkImportedTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Fact]
    public async Task A_chunk_of_imported_positions_makes_every_notice_payable_and_verify_answers_OK()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuvs = Enumerable.Range(0, 50).Select(_ => Positions.NewIuv()).ToList();
        var chunk = Chunk(iuvs.Select((iuv, i) => Positions.Valid(iuv, 10_000 + i, version: 2).Position).ToList());
        var messageId = Guid.NewGuid();

        await bus.PublishAsync(chunk, messageId);
        await bus.PublishAsync(chunk, messageId); // a redelivery: the inbox ignores it
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM node_adapter.notices WHERE nav = ANY(ARRAY['{string.Join("','", iuvs.Select(Positions.Nav))}'])") == iuvs.Count,
            TimeSpan.FromSeconds(20), "every notice of the chunk in the read model");

        foreach (var i in new[] { 0, 17, 49 })
        {
            var answer = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuvs[i])));
            Assert.Equal("OK", answer.Outcome);
            Assert.Equal(((10_000 + i) / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                answer.Value("paymentList", "paymentOptionDescription", "amount"));
            Assert.Equal("Comune di Demo", answer.Value("companyName"));
        }
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.inbox_messages WHERE message_id = '{messageId}'") == 1, TimeSpan.FromSeconds(20), "chunk recorded once");
        var view = await ReadModel.NoticeAsync(client, Positions.Nav(iuvs[3]));
        Assert.Equal(2, view!.PositionVersion);
    }

    [Fact]
    public async Task A_chunk_older_than_the_read_model_changes_nothing_and_a_newer_single_event_wins_over_a_chunk()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (paid, updated) = (Positions.NewIuv(), Positions.NewIuv());
        // The position was paid (version 3) before its import chunk (version 2) arrived late.
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + paid, 3, "PAID", Positions.Option(paid, 5_000, status: "PO_PAID")));
        await bus.PublishAsync(Chunk([Positions.Valid(paid, 5_000, version: 2).Position, Positions.Valid(updated, 7_000, version: 2).Position]));
        await Eventually.TrueAsync(async () => (await ReadModel.NoticeAsync(client, Positions.Nav(updated)))?.PositionVersion == 2,
            TimeSpan.FromSeconds(20), "chunk consumed");

        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(paid))), "PAA_PAGAMENTO_DUPLICATO");
        Assert.Equal(3, (await ReadModel.NoticeAsync(client, Positions.Nav(paid)))!.PositionVersion);

        // A later single-position update (version 3, new amount) replaces what the chunk wrote.
        await ReadModel.PublishAsync(client, bus, Positions.Valid(updated, 9_900, version: 3));
        var answer = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(updated)));
        Assert.Equal("99.00", answer.Value("paymentList", "paymentOptionDescription", "amount"));
    }

    [Fact]
    public async Task A_newer_chunk_withdraws_the_notices_its_position_no_longer_has_and_keeps_the_others_payable()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (dropped, kept, added, untouched) = (Positions.NewIuv(), Positions.NewIuv(), Positions.NewIuv(), Positions.NewIuv());
        var iupd = "IUPD-" + dropped;
        await ReadModel.PublishAsync(client, bus, Positions.Changed(iupd, 2, "VALID", Positions.Option(dropped, 1_000), Positions.Option(kept, 2_000)));
        await ReadModel.PublishAsync(client, bus, Positions.Valid(untouched, 4_000, version: 2));

        // Version 3 of the position drops one notice and adds another; the other position in the chunk is not newer.
        await bus.PublishAsync(Chunk([
            Positions.Changed(iupd, 3, "VALID", Positions.Option(kept, 2_500), Positions.Option(added, 3_000)).Position,
            Positions.Valid(untouched, 4_000, version: 2).Position]));
        await Eventually.TrueAsync(async () => (await ReadModel.NoticeAsync(client, Positions.Nav(added)))?.PositionVersion == 3,
            TimeSpan.FromSeconds(20), "chunk consumed");

        var withdrawn = await ReadModel.NoticeAsync(client, Positions.Nav(dropped));
        Assert.Equal((3, "WITHDRAWN"), (withdrawn!.PositionVersion, withdrawn.PositionStatus));
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(dropped))), "PAA_PAGAMENTO_SCONOSCIUTO");
        var answer = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(kept)));
        Assert.Equal("25.00", answer.Value("paymentList", "paymentOptionDescription", "amount"));
        Assert.Equal("OK", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(untouched)))).Outcome);
        var other = await ReadModel.NoticeAsync(client, Positions.Nav(untouched));
        Assert.Equal((2, "VALID"), (other!.PositionVersion, other.PositionStatus));
    }

    [Fact]
    public async Task A_late_chunk_cannot_make_payable_a_notice_that_a_newer_version_of_its_position_replaced()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (replaced, current) = (Positions.NewIuv(), Positions.NewIuv());
        var iupd = "IUPD-" + replaced;
        // Version 3 (one notice, a new IUV) overtook the import chunk holding version 2 (the notice it replaced).
        await ReadModel.PublishAsync(client, bus, Positions.Changed(iupd, 3, "VALID", Positions.Option(current, 2_000)));
        await bus.PublishAsync(Chunk([Positions.Changed(iupd, 2, "VALID", Positions.Option(replaced, 1_000)).Position]));
        await Eventually.TrueAsync(async () => await ReadModel.NoticeAsync(client, Positions.Nav(replaced)) is not null,
            TimeSpan.FromSeconds(20), "chunk consumed");

        var late = await ReadModel.NoticeAsync(client, Positions.Nav(replaced));
        Assert.Equal((3, "WITHDRAWN"), (late!.PositionVersion, late.PositionStatus));
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(replaced))), "PAA_PAGAMENTO_SCONOSCIUTO");
        Assert.Equal("OK", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(current)))).Outcome);
    }

    [Fact]
    public async Task Transfers_stored_by_an_earlier_release_count_as_unchanged_for_single_events_and_chunks_alike()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 5_000, version: 2));

        // Before json columns and null-free JSON, the row held jsonb's layout of the text, nulls included.
        var earlierLayout = JsonSerializer.Serialize(Positions.Option(iuv, 5_000).Transfers, JsonSerializerOptions.Web);
        var rewrite = $"UPDATE node_adapter.notices SET transfers = '{earlierLayout}'::jsonb::text WHERE iuv = '{iuv}'";
        var contentVersion = $"SELECT content_version FROM node_adapter.notices WHERE iuv = '{iuv}'";
        await app.Database.ExecuteAsync(rewrite);
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 5_000, version: 3));
        Assert.Equal(2, await app.Database.ScalarAsync<long>(contentVersion));

        await app.Database.ExecuteAsync(rewrite);
        await bus.PublishAsync(Chunk([Positions.Valid(iuv, 5_000, version: 4).Position]));
        await Eventually.TrueAsync(async () => (await ReadModel.NoticeAsync(client, Positions.Nav(iuv)))?.PositionVersion == 4,
            TimeSpan.FromSeconds(20), "chunk consumed");
        Assert.Equal(2, await app.Database.ScalarAsync<long>(contentVersion));

        // A real change still moves it.
        var moved = Positions.Changed("IUPD-" + iuv, 5, "VALID", Positions.Option(iuv, 5_000, [Positions.Transfer(1, 5_000, postalIban: "IT60X0760111101000000123456")]));
        await bus.PublishAsync(Chunk([moved.Position]));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(contentVersion) == 5, TimeSpan.FromSeconds(20), "content version moved");
    }

    private static DebtPositionsImported Chunk(IReadOnlyList<DebtPositionSnapshot> positions) =>
        new(Guid.NewGuid(), 0, positions, DebtPositionChanges.Published, "import:test", DateTimeOffset.UtcNow);
}
