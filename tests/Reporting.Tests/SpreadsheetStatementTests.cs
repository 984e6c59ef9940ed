using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reporting.Exports;
using Reporting.Treasury.Formats;
using Xunit;

namespace Reporting.Tests;

// Our CSV layout in the first sheet of a spreadsheet (.xlsx here; .xls goes through the same reader).
[Collection(ReportingCollection.Name)]
public sealed class SpreadsheetStatementTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Account = "IT60X0542811101000000123456";

    [Fact]
    public async Task A_spreadsheet_in_the_csv_layout_is_detected_and_read_with_number_and_text_amounts_and_empty_rows_skipped()
    {
        var client = app.CreateClient();
        var file = Sheet(
            [Account, "2026-11-23", "2026-11-23", "C", 75L, "EUR", "REF-X-1", "TRN-X-1", "PSP Simulato", "/PUR/LGPE-RIVERSAMENTO/URI/2026-11-20PSPSIM01-0000401"],
            ["", "", "", "", "", "", "", "", "", ""],
            [Account, "2026-11-24", "", "D", "12,50", "", "REF-X-2", "", "", "commissioni"]);

        var stored = await Statements.ImportAsync(client, "70000000041", file);

        Assert.Equal(("xls", "xlsx", 2), (stored.GetProperty("format").GetString(), stored.GetProperty("version").GetString(), stored.GetProperty("movements").GetInt32()));
        var movements = await Statements.MovementsAsync(client, "70000000041", stored.GetProperty("fileId").GetInt64());
        Assert.Equal([(7_500L, true, "2026-11-23", "collection", "2026-11-20PSPSIM01-0000401"), (1_250L, false, "2026-11-24", "debit", null)],
            movements.Select(m => (m.GetProperty("amountCents").GetInt64(), m.GetProperty("isCredit").GetBoolean(), m.GetProperty("bookingDate").GetString(),
                m.GetProperty("kind").GetString(), m.TryGetProperty("readFlowId", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null)).ToArray());
    }

    [Fact]
    public async Task A_spreadsheet_with_a_bad_cell_is_refused_naming_its_row_and_column_and_nothing_is_stored()
    {
        var client = app.CreateClient();
        var file = Sheet(
            [Account, "2026-11-23", "", "C", 10L, "EUR", "REF-Y-1", "", "", "bonifico"],
            [Account, "23/11/2026", "", "C", "-3", "EUR", "REF-Y-2", "", "", "bonifico"]);

        var response = await Statements.UploadAsync(client, "70000000042", file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(["sheet 1, row 3, column amount", "sheet 1, row 3, column booking_date"], errors);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM reporting.treasury_files WHERE organization_fiscal_code = '70000000042'"));
    }

    private static byte[] Sheet(params object?[][] rows) => Workbook.Write([("Movimenti", TreasuryCsv.Columns, rows.ToList())]);
}
