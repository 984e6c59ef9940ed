using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// GPD's bulk JSON over multipart, gzip, and the upload guards (size, decompression bomb, header, format).
public sealed class BulkImportFormatTests(BulkImportApp app) : IClassFixture<BulkImportApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task GPD_bulk_JSON_uploaded_as_a_multipart_file_imports_valid_positions_and_names_JSON_paths_of_bad_ones()
    {
        var prefix = $"json{Guid.NewGuid():N}"[..16];
        var badIban = Positions.Position($"{prefix}-2");
        badIban["paymentOption"]![0]!["transfer"]![0]!["iban"] = "IT00X0000000000000000000000";
        var badType = Positions.Position($"{prefix}-3");
        badType["paymentOption"]![0]!["amount"] = "a lot";
        var badIuv = Positions.Position($"{prefix}-4", Positions.Option(5_000, iuv: "01000000000000099"));
        var file = new JsonObject
        {
            ["paymentPositions"] = new JsonArray(Positions.Position($"{prefix}-1"), badIban, badType, badIuv,
                Positions.Position($"{prefix}-5", Positions.Option(3_000), Positions.Option(4_000))),
        };
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(file.ToJsonString()));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(part, "file", "positions.json");

        var response = await _client.PostAsync(BulkImportApp.Imports + "?toPublish=true", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await app.FinishedAsync(_client, response.Headers.Location!.ToString());
        Assert.Equal(("COMPLETED", "json", "positions.json"),
            (status.GetProperty("status").GetString(), status.GetProperty("format").GetString(), status.GetProperty("fileName").GetString()));
        Assert.Equal((5L, 2L, 3L), (status.GetProperty("rowsRead").GetInt64(), status.GetProperty("rowsImported").GetInt64(), status.GetProperty("rowsRejected").GetInt64()));
        var report = await _client.GetStringAsync(response.Headers.Location + "/errors");
        Assert.Contains($"2,{prefix}-2,paymentOption[0].transfer[0].iban,", report, StringComparison.Ordinal);
        Assert.Contains("3,,paymentOption[0].amount,", report, StringComparison.Ordinal);
        Assert.Contains($"4,{prefix}-4,paymentOption[0].iuv,", report, StringComparison.Ordinal);
        var two = await _client.ReadAsync($"{prefix}-5");
        Assert.Equal(2, two.GetProperty("paymentOption").GetArrayLength());
        Assert.Equal("VALID", two.Status());
    }

    [Fact]
    public async Task A_gzip_CSV_is_inflated_and_imported()
    {
        var prefix = $"gz{Guid.NewGuid():N}"[..16];
        var content = new ByteArrayContent(Gzip(BulkCsv.File(prefix, 20)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await _client.PostAsync(BulkImportApp.Imports, content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await app.FinishedAsync(_client, response.Headers.Location!.ToString());
        Assert.Equal(20, status.GetProperty("rowsImported").GetInt64());
    }

    [Fact]
    public async Task A_CSV_row_carries_its_transfers_budget_chapter_and_assessment_and_a_too_long_one_is_refused_by_column()
    {
        var prefix = $"chap{Guid.NewGuid():N}"[..16];
        var csv = BulkCsv.Header + ",accountingChapter,accountingAssessment\n"
            + BulkCsv.Row(prefix, 0) + ",CAP-1010/2026,ACC-2026-00042\n"
            + BulkCsv.Row(prefix, 1) + "," + new string('9', 65) + ",\n";

        var response = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(csv));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await app.FinishedAsync(_client, response.Headers.Location!.ToString());
        Assert.Equal((1L, 1L), (status.GetProperty("rowsImported").GetInt64(), status.GetProperty("rowsRejected").GetInt64()));
        var transfer = (await _client.ReadAsync($"{prefix}-000000")).GetProperty("paymentOption")[0].GetProperty("transfer")[0];
        Assert.Equal(("CAP-1010/2026", "ACC-2026-00042"),
            (transfer.GetProperty("accountingChapter").GetString(), transfer.GetProperty("accountingAssessment").GetString()));
        Assert.Contains($"3,{prefix}-000001,accountingChapter,", await _client.GetStringAsync(response.Headers.Location + "/errors"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CSV_row_and_the_same_position_posted_to_GPD_v1_read_back_alike_but_for_their_keys_and_timestamps()
    {
        var csvIupd = Positions.Unique("draft-csv");
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));
        var csv = BulkCsv.Header + ",postalIban,debtorStreetName,debtorCity,debtorEmail,officeName,revenueType,externalReference,retentionDate\n"
            + string.Join(',', csvIupd, "F", "rssmra80a01h501u", "Mario Rossi", "Comune di Demo", "TARI 2026", "12050", day.ToString("yyyy-MM-dd"),
                "TARI 2026 rata unica", "9/0101108TS/", Positions.Iban, Positions.Iban.ToLowerInvariant(), "Via Roma", "Roma", "mario@example.org",
                "Ufficio tributi", "TARI", "REF-42", day.AddDays(60).ToString("yyyy-MM-dd")) + "\n";
        var upload = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(csv));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var status = await app.FinishedAsync(_client, upload.Headers.Location!.ToString());
        Assert.Equal(1L, status.GetProperty("rowsImported").GetInt64());

        // The v1 body a GPD client sends for the same position: a CSV day is the end of that day in Italy.
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        string EndOf(DateOnly d) => new DateTimeOffset(d.ToDateTime(new TimeOnly(23, 59, 59)), rome.GetUtcOffset(d.ToDateTime(new TimeOnly(23, 59, 59)))).ToString("O");
        var transfer = Positions.Transfer("1", 12_050);
        transfer["remittanceInformation"] = "TARI 2026 rata unica";
        transfer["postalIban"] = Positions.Iban;
        var option = Positions.Option(12_050, transfers: [transfer]);
        option["dueDate"] = EndOf(day);
        option["retentionDate"] = EndOf(day.AddDays(60));
        var body = Positions.Position(Positions.Unique("draft-v1"), option);
        body["fiscalCode"] = "RSSMRA80A01H501U";
        body["streetName"] = "Via Roma";
        body["city"] = "Roma";
        body["email"] = "mario@example.org";
        body["officeName"] = "Ufficio tributi";
        body["revenueType"] = "TARI";
        body["externalReference"] = "REF-42";
        var posted = await _client.CreateAsync(body, publish: false);

        var imported = Comparable(await _client.ReadAsync(csvIupd));
        var created = Comparable(await _client.ReadAsync(posted.GetProperty("iupd").GetString()!));
        Assert.Equal(created.ToJsonString(), imported.ToJsonString());
    }

    // A position's answer without what differs between two positions by construction: keys, numbers and timestamps.
    private static JsonNode Comparable(JsonElement position)
    {
        string[] differing = ["iupd", "iuv", "nav", "insertedDate", "lastUpdatedDate", "version"];
        var node = JsonNode.Parse(position.GetRawText())!;
        void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var name in differing) o.Remove(name);
                foreach (var (_, child) in o) Strip(child);
            }
            else if (n is JsonArray a) foreach (var child in a) Strip(child);
        }
        Strip(node);
        return node;
    }

    [Fact]
    public async Task Oversize_uploads_are_413_and_a_decompression_bomb_is_400_with_nothing_stored()
    {
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM debt_positions.imports");
        var big = BulkCsv.File("big", 25_000); // ≈ 110 bytes a row: over the 2 MiB test cap
        Assert.True(Encoding.UTF8.GetByteCount(big) > 2 * 1024 * 1024);

        var declared = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(big));
        await AssertProblem(declared, HttpStatusCode.RequestEntityTooLarge, "Import file too large");

        // No Content-Length (chunked): the guard counts while streaming.
        var streamed = new StreamContent(new NonSeekable(Encoding.UTF8.GetBytes(big)));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        await AssertProblem(await _client.PostAsync(BulkImportApp.Imports, streamed), HttpStatusCode.RequestEntityTooLarge, "Import file too large");

        var bomb = new ByteArrayContent(Gzip(BulkCsv.Header + "\n" + new string(' ', 3 * 1024 * 1024)));
        bomb.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        bomb.Headers.ContentEncoding.Add("gzip");
        await AssertProblem(await _client.PostAsync(BulkImportApp.Imports, bomb), HttpStatusCode.BadRequest, "Suspected decompression bomb");

        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM debt_positions.imports"));
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM debt_positions.import_chunks c LEFT JOIN debt_positions.imports i ON i.id = c.import_id WHERE i.status = 'UPLOADING'"));
    }

    [Fact]
    public async Task A_CSV_with_an_unknown_column_or_a_file_of_no_known_format_is_refused_at_upload()
    {
        var typo = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(BulkCsv.Header.Replace("iban", "ibna", StringComparison.Ordinal) + "\n"));
        var problem = await AssertProblem(typo, HttpStatusCode.BadRequest, "Unreadable file");
        Assert.Contains("ibna", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unknown = new ByteArrayContent("hello"u8.ToArray());
        unknown.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await AssertProblem(await _client.PostAsync(BulkImportApp.Imports, unknown), HttpStatusCode.UnsupportedMediaType, "Unsupported import format");

        var notJson = new StringContent("paymentPositions", Encoding.UTF8, "application/json");
        await AssertProblem(await _client.PostAsync(BulkImportApp.Imports, notJson), HttpStatusCode.BadRequest, "Unreadable file");

        var missing = await _client.GetAsync($"{BulkImportApp.Imports}/{Guid.NewGuid()}");
        await AssertProblem(missing, HttpStatusCode.NotFound, "Import not found");
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    // A body whose length the client cannot know in advance (sent chunked).
    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
