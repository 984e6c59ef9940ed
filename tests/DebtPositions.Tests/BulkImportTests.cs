using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Bulk import through the API: rows validated one by one, error report, idempotency per file, cancel.
public sealed class BulkImportTests(BulkImportApp app) : IClassFixture<BulkImportApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_CSV_with_bad_rows_imports_the_good_ones_published_with_IUVs_and_reports_each_bad_row_by_line_and_column()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var chunks = await bus.ObserveAsync<DebtPositionsImported>();
        var prefix = Prefix("csv");
        var csv = BulkCsv.File(prefix, 300, (i, f) =>
        {
            switch (i)
            {
                case 10: f[10] = "IT00X0000000000000000000000"; break;  // IBAN checksum
                case 20: f[2] = ""; break;                               // debtor fiscal code missing
                case 30: f[6] = "12.50"; break;                          // amount not in cents
                case 40: f[0] = $"{prefix}-000000"; break;               // IUPD repeated within the chunk
                case 50: f[7] = "2020-01-01"; break;                     // due date past
                case 60: f[0] = $"{prefix}-000001"; break;               // IUPD repeated from the previous chunk
            }
            return f;
        });

        var response = await _client.PostAsync(BulkImportApp.Imports + "?toPublish=true", BulkCsv.Content(csv));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var status = await app.FinishedAsync(_client, location);
        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
        Assert.Equal(300, status.GetProperty("rowsRead").GetInt64());
        Assert.Equal(294, status.GetProperty("rowsImported").GetInt64());
        Assert.Equal(6, status.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(0, status.GetProperty("etaSeconds").GetDouble());

        var report = (await _client.GetStringAsync(location + "/errors")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,iupd,field,reason", report[0]);
        Assert.Contains(report, l => l.StartsWith($"12,{prefix}-000010,iban,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith($"22,{prefix}-000020,debtorFiscalCode,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith($"32,{prefix}-000030,amount,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith($"42,{prefix}-000000,iupd,", StringComparison.Ordinal) && l.Contains("earlier in the file", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith($"52,{prefix}-000050,dueDate,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith($"62,{prefix}-000001,iupd,", StringComparison.Ordinal) && l.Contains("earlier in the file", StringComparison.Ordinal));
        Assert.Equal(7, report.Length);

        Assert.Equal(294, await Count(prefix, "VALID"));
        // No history rows per imported position: the import tells how they began (ADR 0011), the history reads the same.
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.position_history h JOIN debt_positions.positions p ON p.id = h.position_id WHERE p.iupd LIKE '{prefix}%'"));
        await AssertHistoryAsync($"{prefix}-000298", status.GetProperty("id").GetGuid(), "1:created:-:DRAFT", "2:published:DRAFT:VALID");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"{Positions.Base}/{prefix}-000298/invalidate", null)).StatusCode);
        await AssertHistoryAsync($"{prefix}-000298", status.GetProperty("id").GetGuid(), "1:created:-:DRAFT", "2:published:DRAFT:VALID", "3:invalidated:VALID:INVALID");
        var position = await _client.ReadAsync($"{prefix}-000299");
        Assert.Equal("VALID", position.Status());
        Assert.Equal(2, position.GetProperty("version").GetInt64());
        var option = position.GetProperty("paymentOption")[0];
        Assert.Equal(1_299, option.GetProperty("amount").GetInt64());
        Assert.Equal("3" + option.GetProperty("iuv").GetString(), option.GetProperty("nav").GetString());
        Assert.Equal(Positions.Iban, option.GetProperty("transfer")[0].GetProperty("iban").GetString());

        // One event per chunk of 50 rows read, carrying exactly the positions committed, with their notice numbers.
        await Eventually.TrueAsync(() => Task.FromResult(chunks.Messages.Where(c => c.Positions.Any(p => p.Iupd.StartsWith(prefix, StringComparison.Ordinal))).Sum(c => c.Positions.Count) == 294),
            TimeSpan.FromSeconds(20), "every imported position published");
        var published = chunks.Messages.Where(c => c.Positions.Any(p => p.Iupd.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.Equal(6, published.Count);
        Assert.All(published, c => Assert.Equal(DebtPositionChanges.Published, c.Change));
        var last = published.SelectMany(c => c.Positions).Single(p => p.Iupd == $"{prefix}-000299");
        Assert.Equal(("VALID", 2L, option.GetProperty("nav").GetString()), (last.Status, last.Version, last.Options[0].Nav));
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_is_one_import_and_an_overlapping_file_creates_only_its_new_positions()
    {
        var prefix = Prefix("twice");
        var csv = BulkCsv.File(prefix, 60);
        var first = await _client.PostAsync(BulkImportApp.Imports + "?toPublish=true", BulkCsv.Content(csv));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstStatus = await app.FinishedAsync(_client, first.Headers.Location!.ToString());

        var again = await _client.PostAsync(BulkImportApp.Imports + "?toPublish=true", BulkCsv.Content(csv));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againBody = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstStatus.GetProperty("id").GetGuid(), againBody.GetProperty("id").GetGuid());
        Assert.Equal(60, await Count(prefix));

        var overlapping = await _client.PostAsync(BulkImportApp.Imports + "?toPublish=true", BulkCsv.Content(csv + BulkCsv.Row(prefix, 60) + "\n"));
        Assert.Equal(HttpStatusCode.Accepted, overlapping.StatusCode);
        var status = await app.FinishedAsync(_client, overlapping.Headers.Location!.ToString());
        Assert.Equal((1L, 60L), (status.GetProperty("rowsImported").GetInt64(), status.GetProperty("rowsRejected").GetInt64()));
        Assert.Equal(61, await Count(prefix));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.imports WHERE file_hash = '{firstStatus.GetProperty("fileHash").GetString()}'"));
    }

    [Fact]
    public async Task Cancel_stops_an_import_after_its_current_chunk_and_an_ended_import_cannot_be_cancelled()
    {
        var prefix = Prefix("cancel");
        var response = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(BulkCsv.File(prefix, 3000)));
        var location = response.Headers.Location!.ToString();

        var cancel = await _client.PostAsync(location + "/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var status = await app.FinishedAsync(_client, location);
        Assert.Equal("CANCELLED", status.GetProperty("status").GetString());
        var imported = status.GetProperty("rowsImported").GetInt64();
        Assert.True(imported < 3000, $"{imported} rows imported despite the cancel");
        // Every row is valid and a chunk commits whole: stopping after the current chunk leaves whole chunks of 50.
        Assert.Equal(0, imported % 50);
        Assert.Equal(imported, await Count(prefix));
        Assert.Equal(imported, await Count(prefix, "DRAFT")); // without toPublish positions stay drafts

        var done = await _client.PostAsync(BulkImportApp.Imports, BulkCsv.Content(BulkCsv.File(Prefix("done"), 3)));
        await app.FinishedAsync(_client, done.Headers.Location!.ToString());
        var late = await _client.DeleteAsync(done.Headers.Location);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType!.MediaType);
    }

    private async Task AssertHistoryAsync(string iupd, Guid importId, params string[] expected)
    {
        var history = (await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}/{iupd}/history")).EnumerateArray().ToList();
        Assert.Equal(expected, history.Select(h =>
            $"{h.GetProperty("version").GetInt64()}:{h.GetProperty("change").GetString()}:{h.GetProperty("previousStatus").GetString() ?? "-"}:{h.GetProperty("newStatus").GetString()}"));
        // The import's entries carry the uploader's cause and name the import; they share the instant the position was inserted.
        var imported = history.Take(2).ToList();
        Assert.All(imported, h => Assert.Equal($"import {importId}", h.GetProperty("detail").GetString()));
        Assert.All(imported, h => Assert.StartsWith("api:", h.GetProperty("cause").GetString(), StringComparison.Ordinal));
        Assert.Single(imported.Select(h => h.GetProperty("occurredAt").GetDateTimeOffset()).Distinct());
    }

    private static string Prefix(string name) => $"{name}{Guid.NewGuid():N}"[..18];

    private async Task<long> Count(string prefix, string? status = null) => await app.Database.ScalarAsync<long>(
        $"SELECT count(*) FROM debt_positions.positions WHERE iupd LIKE '{prefix}%'" + (status is null ? "" : $" AND status = '{status}'"));
}
