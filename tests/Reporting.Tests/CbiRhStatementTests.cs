using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Reporting.Tests;

// The CBI RH fixed-width statement (RECONCILIATION.md §1.3), generated to the CBI-RND-001 record layout.
[Collection(ReportingCollection.Name)]
public sealed class CbiRhStatementTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Ec = "70000000013";
    private const string FirstFlow = "2026-11-20PSPSIM01-0000131";
    private const string SecondFlow = "2026-11-20PSPSIM01-0000132";

    [Fact]
    public async Task An_RH_statement_is_read_with_the_remittance_of_either_record_63_dialect_whole_and_its_balances_checked()
    {
        var client = app.CreateClient();

        var stored = await Statements.ImportAsync(client, Ec, Encoding.Latin1.GetBytes(Statement(closing: "000000001082,50")));
        var movements = await Statements.MovementsAsync(client, Ec, stored.GetProperty("fileId").GetInt64());

        Assert.Equal(("rh", "CBI RND-001", "balanced"), (stored.GetProperty("format").GetString(), stored.GetProperty("version").GetString(),
            stored.GetProperty("balanceCheck").GetString()));
        (string?, long, string?)[] expected = [("collection", 7_500L, FirstFlow), ("collection", 1_250L, SecondFlow), ("debit", 500L, null)];
        Assert.Equal(expected,
            movements.Select(m => (m.GetProperty("kind").GetString(), m.GetProperty("amountCents").GetInt64(), m.GetProperty("readFlowId").GetString())).ToArray());
        Assert.All(movements, m => Assert.Equal(("IT60X0542811101000000123456", "2026-11-23"),
            (m.GetProperty("account").GetString(), m.GetProperty("bookingDate").GetString())));
        Assert.Equal(("E2E-RH-1", "PSP SIMULATO S.P.A."), (movements[0].GetProperty("endToEndId").GetString(), movements[0].GetProperty("counterparty").GetString()));
    }

    [Fact]
    public async Task An_RH_statement_that_is_truncated_or_does_not_add_up_is_refused_and_nothing_of_it_is_stored()
    {
        var client = app.CreateClient();
        var whole = Statement(closing: "000000001082,00");
        var records = whole.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var truncated = string.Join('\n', records[..^1]);
        var widened = string.Join('\n', records.Select((r, i) => i == 11 ? " " + r : r));

        var unbalanced = await Statements.UploadAsync(client, Ec, Encoding.Latin1.GetBytes(whole));
        var cut = await Statements.UploadAsync(client, Ec, Encoding.Latin1.GetBytes(truncated));
        var bad = await Statements.UploadAsync(client, Ec, Encoding.Latin1.GetBytes(widened));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (unbalanced.StatusCode, cut.StatusCode, bad.StatusCode));
        var statement = Assert.Single((await unbalanced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statements").EnumerateArray());
        Assert.Equal(-50L, statement.GetProperty("differenceCents").GetInt64());
        Assert.Contains((await cut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject(), e => e.Name == "record 12" && e.Value[0].GetString()!.Contains("EF", StringComparison.Ordinal));
        Assert.Contains((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject(), e => e.Name == "record 12" && e.Value[0].GetString()!.Contains("121 characters", StringComparison.Ordinal));
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM reporting.treasury_files WHERE organization_fiscal_code = '{Ec}' AND format = 'rh' AND balance_check <> 'balanced'"));
    }

    [Fact]
    public async Task An_RH_statement_whose_trailer_counts_other_records_or_statements_than_it_holds_is_refused_and_nothing_of_it_is_stored()
    {
        var client = app.CreateClient();
        var records = Statement(closing: "000000001082,50").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var lostRecord = string.Join('\n', records.Where((_, i) => i != 5)); // an RI1 text lost in transit: 12 records, the trailer says 13
        var trailer = records[^1];
        var twoStatements = string.Join('\n', records[..^1].Append(trailer[..45] + "0000002" + trailer[52..]));
        var before = await app.Database.ScalarAsync<long>($"SELECT count(*) FROM reporting.treasury_files WHERE organization_fiscal_code = '{Ec}'");

        var lost = await Statements.UploadAsync(client, Ec, Encoding.Latin1.GetBytes(lostRecord));
        var two = await Statements.UploadAsync(client, Ec, Encoding.Latin1.GetBytes(twoStatements));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (lost.StatusCode, two.StatusCode));
        Assert.Contains((await lost.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject(),
            e => e.Name == "record 12, positions 83-89" && e.Value[0].GetString()!.Contains("13 record(s), the file has 12", StringComparison.Ordinal));
        Assert.Contains((await two.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject(),
            e => e.Name == "record 13, positions 46-52" && e.Value[0].GetString()!.Contains("2 statement(s), the file has 1", StringComparison.Ordinal));
        Assert.Equal(before, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM reporting.treasury_files WHERE organization_fiscal_code = '{Ec}'"));
    }

    // Opening 1,000.00; a credit whose RI1/RI2 remittance is cut inside the flow id; a credit whose tagged stream is
    // cut inside the flow id; a debit for fees; the closing balance given.
    private static string Statement(string closing)
    {
        const string first = "/PUR/LGPE-RIVERSAMENTO/URI/" + FirstFlow;
        var ri1 = "BONIFICO A VOSTRO FAVORE".PadRight(104 - 40) + first[..40];
        var stream = ":E2E:E2E-RH-2 :OR1:" + "PSP SIMULATO S.P.A.".PadRight(42) + " :RI3:/PUR/LGPE-RIVERSAMENTO/URI/" + SecondFlow + " :SEC:CASH";
        string[] records =
        [
            Record(" RH", "05428", "ABCDE", "231126", "RH-TEST".PadRight(20)),
            Record(" 61", "0000001", new string(' ', 13), "05428", "     ", "CONTO TESORERIA".PadRight(16), "  ", "X", "05428", "11101", "000000123456", "EUR",
                "231126", "C", "000000001000,00", "IT", "60"),
            Movement("001", "C", "000000000075,00", "48", "RHREF0000000001", "Bonifico SEPA Italia a Vs. favore"),
            Record(" 63", "0000001", "001", "YYY", "23112026", "12345678901".PadRight(16), "PSP SIMULATO S.P.A.".PadRight(40)),
            Record(" 63", "0000001", "001", "ID1", "MSG-RH-1".PadRight(35), "E2E-RH-1".PadRight(35)),
            Record(" 63", "0000001", "001", "RI1", ri1),
            Record(" 63", "0000001", "001", "RI2", first[40..]),
            Movement("002", "C", "000000000012,50", "48", "RHREF0000000002", "Bonifico SEPA Italia a Vs. favore"),
            Record(" 63", "0000001", "002", stream[..107]),
            Record(" 63", "0000001", "002", stream[107..]),
            Movement("003", "D", "000000000005,00", "16", "RHREF0000000003", "Commissioni"),
            Record(" 64", "0000001", "EUR", "231126", "C", closing, "C", closing),
            Record(" EF", "05428", "ABCDE", "231126", "RH-TEST".PadRight(20), "      ", "0000001", new string(' ', 30), "0000013"),
        ];
        return string.Join('\n', records) + "\n";
    }

    private static string Movement(string number, string sign, string amount, string abiReason, string bankReference, string description) =>
        Record(" 62", "0000001", number, "231126", "231126", sign, amount, abiReason, "  ", new string(' ', 16), bankReference.PadRight(16), new string(' ', 9),
            description.PadRight(34));

    private static string Record(params string[] fields)
    {
        var record = string.Concat(fields);
        Assert.True(record.Length <= 120, $"a generated record is {record.Length} characters: {record}");
        return record.PadRight(120);
    }
}
