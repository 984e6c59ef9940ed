using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// Batches left behind by a crashed renderer, and the end of a batch's life.
public sealed class NoticeBatchRecoveryTests(IuvApp app) : IClassFixture<IuvApp>
{
    private const string Batches = $"/api/iuv/organizations/{Ec}/notice-batches";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_batch_orphaned_while_running_is_rendered_again_from_scratch()
    {
        await using (var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri))
            await bus.PublishAsync(Changed("ORPHAN-1", 1, "VALID", Option(NewNav(), 1_000, new DateOnly(2026, 4, 30))));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM iuv_issuance.notice_positions WHERE iupd = 'ORPHAN-1'") == 1, TimeSpan.FromSeconds(20), "position consumed");
        var id = Guid.NewGuid();
        // What a process that died mid-render leaves: running, half-counted, a stray chunk, no lock held.
        await app.Database.ExecuteAsync($"""
            INSERT INTO iuv_issuance.notice_batches (id, organization_fiscal_code, selection, status, attempts, total, rendered, created_at, started_at)
            VALUES ('{id}', '{Ec}', '{"{}"}', 'running', 1, 1, 1, now(), now());
            INSERT INTO iuv_issuance.notice_batch_items VALUES ('{id}', 1, 'ORPHAN-1');
            INSERT INTO iuv_issuance.notice_batch_chunks VALUES ('{id}', 0, '\x00'::bytea);
            """);

        var batch = await FinishedAsync(id);

        Assert.True(batch.GetProperty("status").GetString() == "completed", batch.GetProperty("error").ToString());
        Assert.Equal(1, batch.GetProperty("rendered").GetInt32());
        Assert.Equal(2, await app.Database.ScalarAsync<int>($"SELECT attempts FROM iuv_issuance.notice_batches WHERE id = '{id}'"));
        var file = await _client.GetByteArrayAsync(batch.GetProperty("file").GetString());
        Assert.Equal(batch.GetProperty("sizeBytes").GetInt64(), file.Length);
        Assert.Equal((byte)'P', file[0]); // a zip (PK…), not the stray chunk

        var deleted = await _client.DeleteAsync($"{Batches}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Batches}/{id}")).StatusCode);
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM iuv_issuance.notice_batch_chunks WHERE batch_id = '{id}'"));
    }

    [Fact]
    public async Task A_batch_that_failed_three_times_is_marked_failed_with_its_last_error_and_has_no_file()
    {
        var id = Guid.NewGuid();
        await app.Database.ExecuteAsync($"""
            INSERT INTO iuv_issuance.notice_batches (id, organization_fiscal_code, selection, status, attempts, total, error, created_at, started_at)
            VALUES ('{id}', '{Ec}', '{"{}"}', 'running', 3, 1, 'IOException: disk full', now(), now());
            """);

        var batch = await FinishedAsync(id);

        Assert.Equal("failed", batch.GetProperty("status").GetString());
        Assert.Equal("IOException: disk full", batch.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("file").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.GetAsync($"{Batches}/{id}/file")).StatusCode);
    }

    [Fact]
    public async Task A_body_of_the_wrong_JSON_types_is_a_400_naming_the_field()
    {
        var template = await _client.PutAsync($"/api/iuv/organizations/{Ec}/notice-template",
            new StringContent("""{"cbillCode": 5}""", System.Text.Encoding.UTF8, "application/json"));
        var count = await _client.PostAsync($"/api/iuv/organizations/{Ec}/iuvs",
            new StringContent("""{"count": "many"}""", System.Text.Encoding.UTF8, "application/json"));

        foreach (var (response, field) in new[] { (template, "cbillCode"), (count, "count") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    private async Task<JsonElement> FinishedAsync(Guid id)
    {
        JsonElement state = default;
        await Eventually.TrueAsync(async () =>
        {
            state = await _client.GetFromJsonAsync<JsonElement>($"{Batches}/{id}");
            return state.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(30), "batch finished");
        return state;
    }
}
