using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Testing;
using Xunit;
using static Reporting.Tests.ThreeWay;

namespace Reporting.Tests;

[Collection(ReportingCollection.Name)]
public sealed class AccountingExportTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Path = "/api/reporting/organizations/70000000006";

    [Fact]
    public async Task The_accounting_export_carries_chapter_and_assessment_from_the_position_with_rows_traceable_to_receipt_flow_and_credit()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000006");
        const string flowId = "2026-11-20PSPSIM01-0000061";
        await ec.PositionAsync("01000000000000061", "PO_PAID", (1, 6_000, "CAP-1010", "ACC-2026-7"), (2, 1_000, "CAP-2020", null));
        await ec.PaymentAsync("01000000000000061", "r-61", (1, 6_000), (2, 1_000));
        await ec.PaymentAsync("01000000000000062", "r-62", (1, 500));
        await ec.FlowAsync(flowId, 1, Row(1, "01000000000000061", "r-61", 6_000), Row(2, "01000000000000061", "r-61", 1_000, idTransfer: 2));
        var credit = Assert.Single(await ec.CreditAsync(new Line(7_000, "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId)));

        var csv = await ec.Client.GetStringAsync($"{Path}/reconciliation/exports/accounting?from=2026-11-18&to=2026-11-18");
        var lines = csv.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r').Split(';')).ToArray();
        Assert.Equal(Reporting.Exports.AccountingExport.DetailColumns, lines[0]);
        var rows = lines[1..].Select(l => lines[0].Zip(l).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(3, rows.Count);
        var first = rows.Single(r => r["iuv"] == "01000000000000061" && r["id_transfer"] == "1");
        Assert.Equal(("CAP-1010", "ACC-2026-7", "6000", "60.00", ThreeWay.Category), (first["chapter"], first["assessment"], first["amount_cents"], first["amount_eur"], first["revenue_type"]));
        Assert.Equal(("r-61", flowId, credit.GetProperty("id").GetInt64().ToString(), "cashed", "2026-11-23"),
            (first["receipt_id"], first["flow_id"], first["treasury_movement_ids"], first["state"], first["treasury_booking_date"]));
        Assert.Equal(("", "paid"), (rows.Single(r => r["iuv"] == "01000000000000062")["chapter"], rows.Single(r => r["iuv"] == "01000000000000062")["state"]));

        var totals = await ec.Client.GetStringAsync($"{Path}/reconciliation/exports/accounting?from=2026-11-18&to=2026-11-18&view=totals&chapter=CAP-1010");
        Assert.Equal([string.Join(';', Reporting.Exports.AccountingExport.TotalColumns), $"{ThreeWay.Category};CAP-1010;ACC-2026-7;1;6000;6000;6000;0"],
            totals.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).ToArray());

        var xlsx = await ec.Client.GetAsync($"{Path}/reconciliation/exports/accounting?from=2026-11-01&to=2026-11-30&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToArray();
        Assert.Equal(new string?[] { "detail", "totals" }, sheets);
        var detail = (WorksheetPart)document.WorkbookPart.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        Assert.Equal(4, detail.Worksheet.Descendants<Row>().Count());

        var bad = await ec.Client.GetAsync($"{Path}/reconciliation/exports/accounting?from=2026-11-30&to=2026-11-01&format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("format", out _) && problem.GetProperty("errors").TryGetProperty("to", out _));
    }

    [Fact]
    public async Task A_position_imported_in_bulk_exports_the_chapter_and_assessment_of_its_transfers_once_paid_reported_and_cashed()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000009");
        const string flowId = "2026-11-20PSPSIM01-0000091";
        await ec.ImportedAsync("01000000000000091", (1, 6_000, "CAP-BULK-1", "ACC-BULK-1"), (2, 1_000, "CAP-BULK-2", null));
        await ec.PaymentAsync("01000000000000091", "r-91", (1, 6_000), (2, 1_000));
        await ec.FlowAsync(flowId, 1, Row(1, "01000000000000091", "r-91", 6_000), Row(2, "01000000000000091", "r-91", 1_000, idTransfer: 2));
        await ec.CreditAsync(new Line(7_000, "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId));

        var csv = await ec.Client.GetStringAsync("/api/reporting/organizations/70000000009/reconciliation/exports/accounting?from=2026-11-18&to=2026-11-18");

        var lines = csv.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r').Split(';')).ToArray();
        var rows = lines[1..].Select(l => lines[0].Zip(l).ToDictionary(p => p.First, p => p.Second)).OrderBy(r => r["id_transfer"]).ToList();
        Assert.Equal([("1", "CAP-BULK-1", "ACC-BULK-1", "IUPD-01000000000000091", "cashed"), ("2", "CAP-BULK-2", "", "IUPD-01000000000000091", "cashed")],
            rows.Select(r => (r["id_transfer"], r["chapter"], r["assessment"], r["iupd"], r["state"])).ToArray());
    }

    [Fact]
    public async Task A_transfer_cashed_through_the_treasurers_provisional_receipt_is_exported_with_that_provisionals_year_and_number()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000010");
        const string flowId = "2022-09-28PSPSIM01-0000101";
        await ec.PositionAsync("01000000000000101", "PO_PAID", (1, 501_587, "CAP-3030", "ACC-2022-1"));
        await ec.PaymentAsync("01000000000000101", "r-101", (1, 501_587));
        await ec.PaymentAsync("01000000000000102", "r-102", (1, 1_000));
        await ec.FlowAsync(flowId, 1, Row(1, "01000000000000101", "r-101", 501_587));
        // The real 1.8 journal, its provisional receipt 0064422 of 2022 (5,015.87 EUR) now quoting the flow as pagoPA's credits do.
        var journal = System.Text.Encoding.UTF8.GetString(Statements.Sample("opi/OPI_GIORNALE_DI_CASSA_V_1_8.VALID.xml"))
            .Replace("MUTUO 620184257 CUP H94G19030460029 TRXID: 0122492727202545 VIA MILANO 4", "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId);
        await Statements.ImportAsync(ec.Client, "70000000010", System.Text.Encoding.UTF8.GetBytes(journal));

        var csv = await ec.Client.GetStringAsync("/api/reporting/organizations/70000000010/reconciliation/exports/accounting?from=2026-11-18&to=2026-11-18");

        var lines = csv.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r').Split(';')).ToArray();
        var rows = lines[1..].Select(l => lines[0].Zip(l).ToDictionary(p => p.First, p => p.Second)).ToDictionary(r => r["iuv"]);
        Assert.Equal(("CAP-3030", "cashed", "2022/0064422"),
            (rows["01000000000000101"]["chapter"], rows["01000000000000101"]["state"], rows["01000000000000101"]["treasury_provisionals"]));
        Assert.Equal(("paid", ""), (rows["01000000000000102"]["state"], rows["01000000000000102"]["treasury_provisionals"]));
    }

    [Fact]
    public async Task The_day_summary_shows_collected_reported_and_cashed_money_and_what_is_missing()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000007");
        const string flowId = "2026-11-20PSPSIM01-0000071";
        await ec.PaymentAsync("01000000000000071", "r-71", (1, 7_100));
        await ec.PaymentAsync("01000000000000072", "r-72", (1, 7_200));
        await ec.FlowAsync(flowId, 1, Row(1, "01000000000000071", "r-71", 7_100));
        await ec.CreditAsync(new Line(7_100, "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId), new Line(300, "/PUR/LGPE-RIVERSAMENTO/URI/2"));

        var days = await ec.Client.GetFromJsonAsync<JsonElement[]>("/api/reporting/organizations/70000000007/reconciliation/days?from=2026-11-01&to=2026-11-30");

        var byDay = days!.ToDictionary(d => d.GetProperty("day").GetString()!);
        Assert.Equal(["2026-11-18", "2026-11-20", "2026-11-23"], byDay.Keys.Order().ToArray());
        Assert.Equal((14_300L, 7_200L), (byDay["2026-11-18"].GetProperty("collectedCents").GetInt64(), byDay["2026-11-18"].GetProperty("collectedNotReportedCents").GetInt64()));
        Assert.Equal((7_100L, 0L), (byDay["2026-11-20"].GetProperty("reportedCents").GetInt64(), byDay["2026-11-20"].GetProperty("reportedNotCashedCents").GetInt64()));
        Assert.Equal((7_100L, 300L), (byDay["2026-11-23"].GetProperty("cashedCents").GetInt64(), byDay["2026-11-23"].GetProperty("unmatchedTreasuryCents").GetInt64()));
    }
}
