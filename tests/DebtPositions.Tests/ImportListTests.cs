using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace DebtPositions.Tests;

// GET …/imports: the EC's imports, newest first, by status, with the same fields as one import's status.
public sealed class ImportListTests(BulkImportApp app) : IClassFixture<BulkImportApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_list_shows_the_newest_import_first_with_its_progress_and_filters_by_status()
    {
        var older = await UploadAsync("listold");
        var newer = await UploadAsync("listnew");
        var finished = await app.FinishedAsync(_client, newer);
        await app.FinishedAsync(_client, older);

        var all = (await _client.GetFromJsonAsync<JsonElement[]>(BulkImportApp.Imports + "?limit=100"))!;
        var ids = all.Select(i => i.GetProperty("id").GetGuid()).ToList();
        var (olderId, newerId) = (Id(older), Id(newer));
        Assert.True(ids.IndexOf(newerId) >= 0 && ids.IndexOf(newerId) < ids.IndexOf(olderId), "the newer import is listed before the older one");
        var listed = all.Single(i => i.GetProperty("id").GetGuid() == newerId);
        Assert.Equal(
            (finished.GetProperty("status").GetString(), finished.GetProperty("rowsImported").GetInt64(), finished.GetProperty("bytesRead").GetInt64()),
            (listed.GetProperty("status").GetString(), listed.GetProperty("rowsImported").GetInt64(), listed.GetProperty("bytesRead").GetInt64()));

        var completed = await _client.GetFromJsonAsync<JsonElement[]>(BulkImportApp.Imports + "?status=completed&limit=100");
        Assert.Contains(completed!, i => i.GetProperty("id").GetGuid() == newerId);
        Assert.All(completed!, i => Assert.Equal("COMPLETED", i.GetProperty("status").GetString()));
        var running = await _client.GetFromJsonAsync<JsonElement[]>(BulkImportApp.Imports + "?status=RUNNING");
        Assert.DoesNotContain(running!, i => i.GetProperty("id").GetGuid() == newerId);
        Assert.Single((await _client.GetFromJsonAsync<JsonElement[]>(BulkImportApp.Imports + "?limit=1"))!);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?status=DONE", "status")]
    public async Task A_limit_out_of_range_or_an_unknown_status_is_refused_with_the_field_named(string query, string field)
    {
        var response = await _client.GetAsync(BulkImportApp.Imports + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<string> UploadAsync(string name)
    {
        var response = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(BulkCsv.File($"{name}{Guid.NewGuid():N}"[..18], 3)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private static Guid Id(string location) => Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
}
