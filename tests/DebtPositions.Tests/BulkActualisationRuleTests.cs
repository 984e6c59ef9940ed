using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// ADR 0009: imported positions never reach Actualisation, so a row carrying an actualisationRule must be refused;
// imported, a fine would be charged its ordinary amount for its whole life.
public sealed class BulkActualisationRuleTests(BulkImportApp app) : IClassFixture<BulkImportApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Bulk_rows_carrying_an_actualisation_rule_are_refused_by_line_and_path_and_nothing_of_them_is_stored()
    {
        var prefix = $"rule{Guid.NewGuid():N}"[..16];
        var fine = Positions.Position($"{prefix}-fine");
        fine["paymentOption"]![0]!["actualisationRule"] = "fine-5-60";
        var secondOption = Positions.Position($"{prefix}-second", Positions.Option(3_000), Positions.Option(4_000));
        secondOption["paymentOption"]![1]!["actualisationRule"] = "constant";
        var file = new JsonObject
        {
            ["paymentPositions"] = new JsonArray(Positions.Position($"{prefix}-plain"), fine, secondOption),
        };
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(file.ToJsonString()));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(part, "file", "fines.json");

        var response = await _client.PostAsync(BulkImportApp.Imports + "?toPublish=true", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await app.FinishedAsync(_client, response.Headers.Location!.ToString());
        Assert.Equal(("COMPLETED", 3L, 1L, 2L), (status.GetProperty("status").GetString(), status.GetProperty("rowsRead").GetInt64(),
            status.GetProperty("rowsImported").GetInt64(), status.GetProperty("rowsRejected").GetInt64()));
        var report = await _client.GetStringAsync(response.Headers.Location + "/errors");
        Assert.Contains($"2,{prefix}-fine,paymentOption[0].actualisationRule,", report, StringComparison.Ordinal);
        Assert.Contains($"3,{prefix}-second,paymentOption[1].actualisationRule,", report, StringComparison.Ordinal);
        Assert.Equal("VALID", (await _client.ReadAsync($"{prefix}-plain")).Status());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{prefix}-fine")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{prefix}-second")).StatusCode);
        // Stored under no name either: no option of this file carries a rule, so none can be published with one.
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.payment_options o JOIN debt_positions.positions p ON p.id = o.position_id WHERE p.iupd LIKE '{prefix}%' AND o.actualisation_rule IS NOT NULL"));
    }
}
