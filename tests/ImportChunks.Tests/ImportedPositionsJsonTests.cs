using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using ImportChunks;
using ServiceDefaults.Messaging;
using Xunit;

namespace ImportChunks.Tests;

// The bulk chunk's wire form (string table + positional rows) carries every field of every position.
public sealed class ImportedPositionsJsonTests
{
    private static readonly JsonSerializerOptions Wire = MessageJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Every_field_survives_the_round_trip_whether_present_absent_or_repeated()
    {
        var chunk = Chunk(Rich("IUPD-1", 1), Rich("IUPD-2", 2), Plain("IUPD-3", 3));

        var read = JsonSerializer.Deserialize<DebtPositionsImported>(JsonSerializer.Serialize(chunk, Wire), Wire)!;

        Assert.Equal(chunk.Positions.Count, read.Positions.Count);
        for (var i = 0; i < chunk.Positions.Count; i++)
            Assert.Equal(ObjectForm(chunk.Positions[i]), ObjectForm(read.Positions[i]));
        Assert.Equal((chunk.ImportId, chunk.Chunk, chunk.Change, chunk.Cause, chunk.OccurredAt), (read.ImportId, read.Chunk, read.Change, read.Cause, read.OccurredAt));
    }

    [Fact]
    public void A_chunk_written_as_a_list_of_objects_before_this_form_still_reads()
    {
        var positions = new[] { Rich("IUPD-OLD", 7) };
        var json = $$"""{"importId":"{{Guid.NewGuid()}}","chunk":0,"positions":{{JsonSerializer.Serialize(positions, Wire)}},"change":"PUBLISHED","cause":"import:x","occurredAt":"2026-11-29T10:00:00+00:00"}""";

        var read = JsonSerializer.Deserialize<DebtPositionsImported>(json, Wire)!;

        Assert.Equal(ObjectForm(positions[0]), ObjectForm(read.Positions.Single()));
    }

    [Fact]
    public void A_chunk_in_the_object_form_that_preceded_base64_still_reads()
    {
        var chunk = Chunk(Rich("IUPD-1", 1), Plain("IUPD-2", 2));
        var wire = JsonNode.Parse(JsonSerializer.Serialize(chunk, Wire))!;
        var table = Encoding.UTF8.GetString(Convert.FromBase64String(wire["positions"]!.GetValue<string>()));
        wire["positions"] = JsonNode.Parse(table);

        var read = JsonSerializer.Deserialize<DebtPositionsImported>(wire.ToJsonString(), Wire)!;

        Assert.Equal(chunk.Positions.Select(ObjectForm), read.Positions.Select(ObjectForm));
    }

    [Fact]
    public void The_positions_are_one_string_token_to_a_reader_of_the_envelope()
    {
        var json = JsonSerializer.Serialize(Chunk(Rich("IUPD-1", 1), Plain("IUPD-2", 2)), Wire);

        using var envelope = JsonDocument.Parse(json);

        Assert.Equal(JsonValueKind.String, envelope.RootElement.GetProperty("positions").ValueKind);
    }

    [Fact]
    public void A_chunk_of_a_thousand_like_positions_is_less_than_half_the_object_form_even_in_base64()
    {
        var positions = Enumerable.Range(0, 1000).Select(i => Plain($"b1764431234-{i:D7}", 1000 + i)).ToList();

        var compact = JsonSerializer.Serialize(Chunk([.. positions]), Wire).Length;
        var objects = JsonSerializer.Serialize(positions, Wire).Length;

        Assert.True(compact * 2 < objects, $"compact {compact} bytes, objects {objects} bytes");
    }

    [Fact]
    public void The_stored_snapshot_JSON_leaves_nulls_out_and_reads_back_to_the_same_snapshot()
    {
        foreach (var position in new[] { Rich("IUPD-1", 1), Plain("IUPD-2", 2) })
        {
            var stored = JsonSerializer.Serialize(position, SnapshotJsonContext.Default.DebtPositionSnapshot);
            Assert.DoesNotContain("null", stored, StringComparison.Ordinal);
            Assert.Equal(ObjectForm(position), ObjectForm(JsonSerializer.Deserialize<DebtPositionSnapshot>(stored, JsonSerializerOptions.Web)!));
            var option = position.Options[0];
            var transfers = JsonSerializer.Serialize(option.Transfers, SnapshotJsonContext.Default.IReadOnlyListTransferSnapshot);
            Assert.Equal(JsonSerializer.Serialize(option.Transfers, JsonSerializerOptions.Web),
                JsonSerializer.Serialize(JsonSerializer.Deserialize<List<TransferSnapshot>>(transfers, JsonSerializerOptions.Web), JsonSerializerOptions.Web));
            Assert.Equal(JsonSerializer.Serialize(option.Metadata, JsonSerializerOptions.Web),
                JsonSerializer.Serialize(option.Metadata, SnapshotJsonContext.Default.IReadOnlyDictionaryStringString));
            var debtor = JsonSerializer.Serialize(position.Debtor, SnapshotJsonContext.Default.DebtorSnapshot);
            Assert.Equal(JsonSerializer.Serialize(position.Debtor, JsonSerializerOptions.Web),
                JsonSerializer.Serialize(JsonSerializer.Deserialize<DebtorSnapshot>(debtor, JsonSerializerOptions.Web), JsonSerializerOptions.Web));
        }
    }

    [Theory]
    [InlineData("\"@@@ not base64\"")]
    [InlineData("\"eyJzIjpbImEiXSwiciI6W1swXV19\"")] // {"s":["a"],"r":[[0]]}: a row without its fields
    [InlineData("\"eyJzIjpbImEiXX17fQ==\"")] // {"s":["a"]}{}: no rows, then more data
    [InlineData("\"W3sib3JnYW5pemF0aW9uRmlzY2FsQ29kZSI6IjEifV0=\"")] // a list of objects inside base64: not a form
    [InlineData("""{"r":[],"s":[]}""")]
    [InlineData("""{"s":["77777777777"],"r":[[0,5,0,1,0]]}""")]
    [InlineData("""{"s":["a"],"r":[[0]]}""")]
    [InlineData("""{"s":["a"]}""")]
    [InlineData("""{"s":["a",null],"r":[]}""")]
    [InlineData("""{"s":["a","b","c","1","x"],"r":[[0,1,2,"1",0,null,[0,1,2],null,false,[]]]}""")]
    [InlineData("""{"s":["a","b","c","x","not-a-date"],"r":[[0,1,2,1,0,null,[0,1,2],null,false,[[0,1,5,3,4]]]]}""")]
    public void Hostile_or_broken_rows_are_refused_as_bad_JSON(string positions)
    {
        var json = $$"""{"importId":"{{Guid.NewGuid()}}","chunk":0,"positions":{{positions}},"change":"PUBLISHED","cause":"import:x","occurredAt":"2026-11-29T10:00:00+00:00"}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DebtPositionsImported>(json, Wire));
    }

    private static DebtPositionsImported Chunk(params DebtPositionSnapshot[] positions) =>
        new(Guid.NewGuid(), 3, positions, DebtPositionChanges.Published, "import:test", new DateTimeOffset(2026, 11, 29, 10, 11, 12, 345, TimeSpan.Zero));

    private static string ObjectForm(DebtPositionSnapshot position) => JsonSerializer.Serialize(position, JsonSerializerOptions.Web);

    private static DebtPositionSnapshot Plain(string iupd, long cents) => new(
        "77777777777", iupd, "VALID", 1, "Comune di Demo", null, new DebtorSnapshot("F", "RSSMRA80A01H501U", $"Mario Rossi {cents}"), null, false,
        [new PaymentOptionSnapshot($"01{cents:D15}", $"301{cents:D15}", cents, "TARI 2026", new DateOnly(2027, 1, 28), null, false, "PO_UNPAID", null,
            [new TransferSnapshot(1, cents, "77777777777", "Comune di Demo", "TARI 2026 rata unica", "9/0101108TS/", "IT60X0542811101000000123456", null, null,
                new Dictionary<string, string>())],
            new Dictionary<string, string>())]);

    private static DebtPositionSnapshot Rich(string iupd, long version) => new(
        "77777777777", iupd, "VALID", version, "Comune di Demo", "Ufficio Tributi",
        new DebtorSnapshot("G", "12345678901", "Acme S.p.A.", "Via Roma", "10", "00100", "Roma", "RM", "IT", "acme@example.org"),
        new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.FromHours(1)), true,
        [
            new PaymentOptionSnapshot("01000000000000011", "301000000000000011", 10_000, "Rata 1 \"di 2\"", new DateOnly(2026, 12, 31),
                new DateTimeOffset(2027, 6, 30, 22, 0, 0, TimeSpan.Zero), true, "PO_UNPAID", new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"),
                [
                    new TransferSnapshot(1, 9_000, "77777777777", "Comune di Demo", "Rata 1", "9/0101108TS/", "IT60X0542811101000000123456", null, null,
                        new Dictionary<string, string> { ["capitolo"] = "1234", ["accertamento"] = "2026/99" }),
                    new TransferSnapshot(2, 1_000, "77777777777", null, "Bollo", "9/0301116TS/9/24B0060000000017", null, null,
                        new StampSnapshot("a1b2c3", "01", "RM"), new Dictionary<string, string>()),
                ],
                new Dictionary<string, string> { ["è"] = "ünïcode ✓" }, "FINE_REDUCED", new DateOnly(2026, 11, 2)),
            new PaymentOptionSnapshot("01000000000000012", "301000000000000012", 12_000, "Rata 2", new DateOnly(2027, 1, 31), null, true, "PO_UNPAID", null,
                [new TransferSnapshot(1, 12_000, "77777777777", "Comune di Demo", "Rata 2", "9/0101108TS/", null, "IT60X0760103200000000123456", null,
                    new Dictionary<string, string>())],
                new Dictionary<string, string>()),
        ],
        RevenueType: "TARI");
}
