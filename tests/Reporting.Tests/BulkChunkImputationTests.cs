using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using ServiceDefaults.Messaging;
using Xunit;

namespace Reporting.Tests;

// The bulk chunk's positional form (ADR 0016, 0018) carries each transfer's chapter and assessment as two trailing
// fields (ADR 0029): present when the EC gave them, left out otherwise, and chunks written before still read.
public sealed class BulkChunkImputationTests
{
    private static readonly JsonSerializerOptions Wire = MessageJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void A_chunk_carries_each_transfers_chapter_and_assessment_and_adds_nothing_to_a_transfer_without_them()
    {
        var chunk = new DebtPositionsImported(Guid.NewGuid(), 0,
            [Position("IUPD-1", ("CAP-1010", "ACC-2026-7")), Position("IUPD-2", ("CAP-2020", null)), Position("IUPD-3", (null, null))],
            DebtPositionChanges.Published, "import:test", DateTimeOffset.UtcNow);

        var json = JsonSerializer.Serialize(chunk, Wire);
        var read = JsonSerializer.Deserialize<DebtPositionsImported>(json, Wire)!;

        (string?, string?)[] expected = [("CAP-1010", "ACC-2026-7"), ("CAP-2020", null), (null, null)];
        Assert.Equal(expected,
            read.Positions.Select(p => p.Options[0].Transfers[0]).Select(t => (t.AccountingChapter, t.AccountingAssessment)).ToArray());
        // position[9] = options, option[9] = transfers: a transfer is 10 fields as before, plus only what it has.
        var table = JsonNode.Parse(Convert.FromBase64String(JsonNode.Parse(json)!["positions"]!.GetValue<string>()))!;
        Assert.Equal([12, 11, 10], table["r"]!.AsArray().Select(p => p![9]![0]![9]![0]!.AsArray().Count).ToArray());
    }

    [Fact]
    public void A_chunk_written_before_the_imputation_reads_without_it_and_fields_added_later_are_skipped()
    {
        // The object form as writers before ADR 0029 wrote it (a 10-field transfer), and a transfer from a newer
        // writer with one more field after the assessment.
        const string table = """
            {"s":["77777777777","IUPD-OLD","VALID","Comune","F","RSSMRA80A01H501U","Mario Rossi","01000000000000091","301000000000000091",
                  "TARI","2026-12-31","PO_UNPAID","9/0101108TS/","IT60X0542811101000000123456","CAP-1","ACC-1"],
             "r":[[0,1,2,1,3,null,[4,5,6],null,false,[[7,8,2000,9,10,null,false,11,null,
                   [[1,1000,0,3,9,12,13,null,null,[]],[2,1000,0,3,9,12,13,null,null,[],14,15,["from a newer writer"]]],[]]]]]}
            """;
        var json = $$"""{"importId":"{{Guid.NewGuid()}}","chunk":0,"positions":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(table))}}","change":"PUBLISHED","cause":"import:x","occurredAt":"2026-11-29T10:00:00+00:00"}""";

        var transfers = JsonSerializer.Deserialize<DebtPositionsImported>(json, Wire)!.Positions.Single().Options.Single().Transfers;

        (int, long, string?, string?)[] expected = [(1, 1_000L, null, null), (2, 1_000L, "CAP-1", "ACC-1")];
        Assert.Equal(expected,
            transfers.Select(t => (t.IdTransfer, t.AmountCents, t.AccountingChapter, t.AccountingAssessment)).ToArray());
    }

    private static DebtPositionSnapshot Position(string iupd, (string? Chapter, string? Assessment) imputation) => new(
        "77777777777", iupd, "VALID", 1, "Comune di Demo", null, new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false,
        [new PaymentOptionSnapshot("01000000000000091", "301000000000000091", 1_000, "TARI 2026", new DateOnly(2027, 1, 28), null, false, "PO_UNPAID", null,
            [new TransferSnapshot(1, 1_000, "77777777777", "Comune di Demo", "TARI 2026", "9/0101108TS/", "IT60X0542811101000000123456", null, null,
                new Dictionary<string, string>(), imputation.Chapter, imputation.Assessment)],
            new Dictionary<string, string>())]);
}
