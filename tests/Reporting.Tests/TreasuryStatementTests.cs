using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Reporting.Tests;

[Collection(ReportingCollection.Name)]
public sealed class TreasuryStatementTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Ec = "70000000001";

    // Each sample under an EC of its own: two of them report movements alike enough to be one (ADR 0053).
    // OCA's test statement states balances its booked entries do not add up to: refused as it is, stored when accepted.
    [Theory]
    [InlineData("camt/camt053.v2.minimal.xml", "camt", "camt.053.001.02", "collection:0 other:1", "not-stated", "71000000001")]
    [InlineData("camt/camt053.v8.xml", "camt", "camt.053.001.08", "collection:0 other:1", "not-stated", "71000000002")]
    [InlineData("camt/camt054.v8.xml", "camt", "camt.054.001.08", "other:3", "not-stated", "71000000003")]
    [InlineData("camt/oca-test-camt053.xml", "camt", "camt.053.001.02", "debit:1 other:1 reversal:2", "unbalanced", "71000000004")]
    [InlineData("cbi/example-in-strn-st-001-cbi-dly-stmt-req-log-msg.xml", "cbi", "CBI 00.01.02", "debit:2 other:5", "balanced", "71000000005")]
    [InlineData("opi/OPI_GIORNALE_DI_CASSA_V_1_4.VALID.xml", "opi", "1.4", "debit:2 other:2", "not-stated", "71000000006")]
    // 1.6.1, 1.7.1 and 1.8 share one element set: a file valid under the newest is read as the newest.
    [InlineData("opi/OPI_GIORNALE_DI_CASSA_V_1_6_1.VALID.xml", "opi", "1.8", "debit:2 other:2", "not-stated", "71000000007")]
    [InlineData("opi/OPI_GIORNALE_DI_CASSA_V_1_8.VALID.xml", "opi", "1.8", "debit:2 other:2", "not-stated", "71000000008")]
    public async Task Every_real_sample_statement_is_read_whole_with_its_format_version_balance_check_and_the_kind_of_each_movement(
        string sample, string format, string version, string kinds, string balance, string ec)
    {
        var client = app.CreateClient();
        var file = Statements.Sample(sample);
        if (balance == "unbalanced")
        {
            var refused = await Statements.UploadAsync(client, ec, file);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }
        var response = await Statements.UploadAsync(client, ec, file, acceptUnbalanced: balance == "unbalanced");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var stored = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((format, version, balance), (stored.GetProperty("format").GetString(), stored.GetProperty("version").GetString(),
            stored.GetProperty("balanceCheck").GetString()));
        var movements = await Statements.MovementsAsync(client, ec, stored.GetProperty("fileId").GetInt64());
        Assert.Equal(stored.GetProperty("movements").GetInt32(), movements.Length);
        var counted = string.Join(' ', movements.GroupBy(m => m.GetProperty("kind").GetString()).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
        Assert.Equal(kinds.Replace("collection:0 ", ""), counted);
        // None of the samples is pagoPA money: nothing in them may be matched as a collection.
        Assert.All(movements, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("matchedFlowId").ValueKind));
    }

    [Fact]
    public async Task The_OPI_sample_with_page_zero_is_refused_naming_the_element_and_nothing_of_it_is_stored()
    {
        var client = app.CreateClient();
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM reporting.treasury_movements");

        var response = await Statements.UploadAsync(client, Ec, Statements.Sample("opi/OPI_GIORNALE_DI_CASSA_V_1_8.INVALID.xml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var where = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Contains("line ", where.Name);
        Assert.Contains("pagina", where.Name);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM reporting.treasury_movements"));
    }

    [Fact]
    public async Task A_malformed_or_schema_invalid_or_unknown_file_is_refused_with_the_first_problems_and_where_they_are()
    {
        var client = app.CreateClient();
        var valid = Encoding.UTF8.GetString(Statements.Camt053(new Line(1_000, "/RFS/RF18000000000000001/10.00")));
        var files = new Dictionary<string, byte[]>
        {
            ["truncated"] = Encoding.UTF8.GetBytes(valid[..(valid.Length / 2)]),
            ["bad amount"] = Encoding.UTF8.GetBytes(valid.Replace("<Amt Ccy=\"EUR\">10.00</Amt>", "<Amt Ccy=\"EUR\">ten</Amt>")),
            ["fraction of a cent"] = Encoding.UTF8.GetBytes(valid.Replace("<Amt Ccy=\"EUR\">10.00</Amt>", "<Amt Ccy=\"EUR\">10.001</Amt>")),
            ["unknown xml"] = Encoding.UTF8.GetBytes("<payments><payment/></payments>"),
            ["not a statement"] = Encoding.UTF8.GetBytes("hello;world\n1;2\n"),
            ["dtd"] = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x \"y\">]><d>&x;</d>"),
        };
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM reporting.treasury_files");

        foreach (var (name, file) in files)
        {
            var response = await Statements.UploadAsync(client, Ec, file);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), name);
        }
        var amount = await (await Statements.UploadAsync(client, Ec, files["bad amount"])).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(amount.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("line ", StringComparison.Ordinal) && e.Name.Contains("Amt"));
        var fraction = await (await Statements.UploadAsync(client, Ec, files["fraction of a cent"])).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(fraction.GetProperty("errors").EnumerateObject(), e => e.Name == "Stmt[1]/Ntry[1]/Amt");
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM reporting.treasury_files"));
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_is_one_import_and_a_named_format_that_does_not_fit_is_refused()
    {
        var client = app.CreateClient();
        var file = Statements.Camt053(new Line(2_500, "/PUR/LGPE-RIVERSAMENTO/URI/2026-11-23PSPDUP01-0000001"));

        var first = await Statements.UploadAsync(client, Ec, file);
        var second = await Statements.UploadAsync(client, Ec, file);
        var asOpi = await Statements.UploadAsync(client, Ec, Statements.Camt053(new Line(1, "x")), "opi");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await second.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(a.GetProperty("fileId").GetInt64(), b.GetProperty("fileId").GetInt64());
        Assert.True(b.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM reporting.treasury_movements WHERE file_id = {a.GetProperty("fileId").GetInt64()}"));
        Assert.Equal(HttpStatusCode.BadRequest, asOpi.StatusCode);
    }

    [Fact]
    public async Task A_csv_statement_in_the_documented_layout_is_read_and_a_bad_line_refuses_the_whole_file_naming_line_and_column()
    {
        var client = app.CreateClient();
        var csv = """
            account;booking_date;value_date;direction;amount;currency;bank_reference;trn;counterparty;remittance
            IT60X0542811101000000123456;2026-11-23;2026-11-23;C;12,50;EUR;B1;TRN1;PSP pagoPA;"/PUR/LGPE-RIVERSAMENTO/URI/2026-11-23PSPCSV01-0000001"
            IT60X0542811101000000123456;2026-11-23;;RC;12.50;;B2;;PSP pagoPA;storno /PUR/LGPE-RIVERSAMENTO/URI/2026-11-23PSPCSV01-0000001
            IT60X0542811101000000123456;2026-11-23;;C;99.00;;B3;;Rossi Mario;affitto novembre
            """;
        var stored = await Statements.ImportAsync(client, Ec, Encoding.UTF8.GetBytes(csv));
        var movements = await Statements.MovementsAsync(client, Ec, stored.GetProperty("fileId").GetInt64());
        Assert.Equal("csv", stored.GetProperty("format").GetString());
        Assert.Equal(["collection", "reversal", "other"], movements.Select(m => m.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal(1_250, movements[0].GetProperty("amountCents").GetInt64());
        Assert.Equal("2026-11-23PSPCSV01-0000001", movements[0].GetProperty("readFlowId").GetString());

        var bad = csv.Replace(";C;99.00;", ";X;-9;");
        var response = await Statements.UploadAsync(client, Ec, Encoding.UTF8.GetBytes(bad));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["line 4, column amount", "line 4, column direction"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_statement_upload_and_the_reconciliation_operations()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Contains("/api/reporting/organizations/{organizationFiscalCode}/treasury/statements", paths);
        Assert.Contains("/api/reporting/organizations/{organizationFiscalCode}/treasury/movements/{movementId}/match", paths);
        Assert.Contains("/api/reporting/organizations/{organizationFiscalCode}/reconciliation/exports/accounting", paths);
        Assert.Contains("/api/reporting/organizations/{organizationFiscalCode}/reconciliation/anomalies", paths);
    }
}
