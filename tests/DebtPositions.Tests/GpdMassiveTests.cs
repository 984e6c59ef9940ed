using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// GPD's massive file API (gpd_massive.json, gpd_massive_v2.json): zip archives of GPD's JSON, as GPD's clients send
// them, built from GPD's own sample position; CREATE on the bulk import engine, UPDATE and DELETE by the massive job.
public sealed class GpdMassiveTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Broker = "BRK77777777777";
    private static readonly string Files = $"/brokers/{Broker}/organizations/{DebtPositionsApp.Ec}/debtpositions";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly HttpClient _client = app.CreateClient();

    private static JsonObject Sample(string iupd) => Positions.PayableGpdSample(iupd);

    private static MultipartFormDataContent Zip(object content, string entry = "gpd_massive_positions.json", string fileName = "gpd_massive.zip")
    {
        var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(content is string text ? Encoding.UTF8.GetBytes(text) : JsonSerializer.SerializeToUtf8Bytes(content));
        }
        var part = new ByteArrayContent(bytes.ToArray());
        part.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return new MultipartFormDataContent { { part, "file", fileName } };
    }

    private async Task<JsonElement> FinishedStatusV2(Uri status)
    {
        JsonElement body = default;
        var v2 = status.ToString().Replace("/v1/", "/v2/", StringComparison.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            body = await _client.GetFromJsonAsync<JsonElement>(v2);
            return body.GetProperty("operationStatus").GetString() != "IN_PROGRESS";
        }, Settle, "the file is worked through");
        return body;
    }

    private static Dictionary<int, List<string>> ByStatus(JsonElement report, string ids) =>
        report.GetProperty("responses").EnumerateArray().GroupBy(r => r.GetProperty("statusCode").GetInt32())
            .ToDictionary(g => g.Key, g => g.SelectMany(r => r.GetProperty(ids).EnumerateArray().Select(i => i.GetString()!)).Order(StringComparer.Ordinal).ToList());

    [Fact]
    public async Task A_zip_of_GPD_JSON_creates_its_positions_on_the_bulk_engine_and_the_report_names_each_position_with_its_outcome()
    {
        var (a, b, bad) = (Positions.Unique("mass-a"), Positions.Unique("mass-b"), Positions.Unique("mass-bad"));
        var invalid = Sample(bad);
        invalid["paymentOption"]![0]!["transfer"]![0]!["iban"] = "IT60X0542811101000000123457";
        var body = new { paymentPositions = new[] { Sample(a), Sample(b), invalid } };

        var accepted = await _client.PostAsync($"/api/debt-positions/v1{Files}/file", Zip(body));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var status = new Uri(_client.BaseAddress!, accepted.Headers.Location!);
        Assert.EndsWith("/status", status.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("COMPLETED_WITH_WARNINGS", (await FinishedStatusV2(status)).GetProperty("operationStatus").GetString());
        var statusV1 = await _client.GetFromJsonAsync<JsonElement>(status);
        Assert.Equal(3, statusV1.GetProperty("processedItem").GetInt32());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", statusV1.GetProperty("startTime").GetString());

        var report = await _client.GetFromJsonAsync<JsonElement>(status.ToString().Replace("/status", "/report", StringComparison.Ordinal));
        Assert.Equal(3, report.GetProperty("submittedItem").GetInt32());
        var outcomes = ByStatus(report, "requestIDs");
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), outcomes[201]);
        Assert.Equal([bad], outcomes[400]);
        Assert.Contains("iban", report.GetProperty("responses").EnumerateArray().Single(r => r.GetProperty("statusCode").GetInt32() == 400)
            .GetProperty("statusMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal("DRAFT", (await _client.ReadAsync(a)).Status());
        var reportV2 = await _client.GetFromJsonAsync<JsonElement>(status.ToString().Replace("/v1/", "/v2/", StringComparison.Ordinal).Replace("/status", "/report", StringComparison.Ordinal));
        Assert.Equal(report.GetProperty("uploadID").GetString(), reportV2.GetProperty("fileId").GetString());
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), ByStatus(reportV2, "iupds")[201]);

        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/debt-positions/v2{Files}/file", Zip(body))).StatusCode);
    }

    [Fact]
    public async Task A_zip_whose_booleans_are_strings_creates_its_position_with_those_values_as_the_v1_API_reads_them()
    {
        var iupd = Positions.Unique("mass-str");
        var position = Sample(iupd);
        position["payStandIn"] = "false";
        position["switchToExpired"] = "true";
        position["paymentOption"]![0]!["isPartialPayment"] = "false";

        var accepted = await _client.PostAsync($"/api/debt-positions/v1{Files}/file", Zip(new { paymentPositions = new[] { position } }));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var status = new Uri(_client.BaseAddress!, accepted.Headers.Location!);
        Assert.Equal("COMPLETED", (await FinishedStatusV2(status)).GetProperty("operationStatus").GetString());
        var stored = await _client.ReadAsync(iupd);
        Assert.False(stored.GetProperty("payStandIn").GetBoolean());
        Assert.True(stored.GetProperty("switchToExpired").GetBoolean());
        Assert.False(stored.GetProperty("paymentOption")[0].GetProperty("isPartialPayment").GetBoolean());
    }

    [Fact]
    public async Task Update_and_delete_files_are_worked_through_position_by_position_and_each_outcome_is_reported()
    {
        var (a, b, missing) = (Positions.Unique("mass-up-a"), Positions.Unique("mass-up-b"), Positions.Unique("mass-none"));
        await _client.CreateAsync(Sample(a));
        await _client.CreateAsync(Sample(b));
        var changed = Sample(a);
        changed["companyName"] = "Comune di Prova";

        var update = await _client.PutAsync($"/api/debt-positions/v2{Files}/file?toPublish=true", Zip(new { paymentPositions = new[] { changed, Sample(missing) } }));
        Assert.Equal(HttpStatusCode.Accepted, update.StatusCode);
        var updateStatus = new Uri(_client.BaseAddress!, update.Headers.Location!);
        Assert.Equal("COMPLETED_WITH_WARNINGS", (await FinishedStatusV2(updateStatus)).GetProperty("operationStatus").GetString());
        var updated = await _client.ReadAsync(a);
        Assert.Equal("Comune di Prova", updated.GetProperty("companyName").GetString());
        Assert.Equal("VALID", updated.Status());
        var updateReport = ByStatus(await _client.GetFromJsonAsync<JsonElement>(updateStatus.ToString().Replace("/status", "/report", StringComparison.Ordinal)), "iupds");
        Assert.Equal([a], updateReport[200]);
        Assert.Equal([missing], updateReport[404]);

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/debt-positions/v1{Files}/file") { Content = Zip(new { paymentPositionIUPDs = new[] { a, b } }) };
        var deleted = await _client.SendAsync(delete);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("COMPLETED", (await FinishedStatusV2(new Uri(_client.BaseAddress!, deleted.Headers.Location!))).GetProperty("operationStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{b}")).StatusCode);
    }

    [Fact]
    public async Task What_is_not_a_zip_of_GPD_JSON_is_a_400_with_GPDs_titles_and_an_unfinished_or_unknown_file_has_no_report()
    {
        var notZip = await _client.PostAsync($"/api/debt-positions/v1{Files}/file", Zip(new { paymentPositions = Array.Empty<object>() }, fileName: "positions.json"));
        Assert.Equal("NOT A ZIP FILE", (await notZip.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var text = await _client.PostAsync($"/api/debt-positions/v1{Files}/file", Zip("iupd;amount", entry: "positions.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal("ZIP contains unsupported file type.", (await text.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var broken = await _client.PutAsync($"/api/debt-positions/v1{Files}/file", Zip("{\"paymentPositions\": [", entry: "gpd_massive_broken.json"));
        Assert.Equal("INVALID JSON", (await broken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var empty = await _client.PutAsync($"/api/debt-positions/v1{Files}/file", Zip(new { paymentPositions = Array.Empty<object>() }, entry: "gpd_massive_empty.json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/debt-positions/v2{Files}/file/{Guid.NewGuid()}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/debt-positions/v1{Files}/file/{Guid.NewGuid()}/status")).StatusCode);
    }

    [Fact]
    public async Task The_list_of_files_pages_with_GPDs_continuation_token()
    {
        var broker = "BRKLIST" + Guid.NewGuid().ToString("N")[..8];
        var files = $"/api/debt-positions/v1/brokers/{broker}/organizations/{DebtPositionsApp.Ec}/debtpositions";
        for (var i = 0; i < 3; i++)
        {
            var sent = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{files}/file")
            {
                Content = Zip(new { paymentPositionIUPDs = new[] { Positions.Unique("nothing") } }),
            });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var first = await _client.GetAsync($"{files}/files?size=2");
        var page = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, page.GetProperty("size").GetInt32());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        var token = first.Headers.GetValues("x-continuation-token").Single();
        var next = new HttpRequestMessage(HttpMethod.Get, $"{files}/files?size=2");
        next.Headers.Add("x-continuation-token", token);
        var second = await (await _client.SendAsync(next)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, second.GetProperty("size").GetInt32());
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        var all = page.GetProperty("fileIds").EnumerateArray().Concat(second.GetProperty("fileIds").EnumerateArray()).Select(f => f.GetString()).ToList();
        Assert.Equal(3, all.Distinct().Count());
    }
}
