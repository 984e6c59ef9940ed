using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Testing;
using Xunit;

namespace Reporting.Tests;

// ADR 0066: the statements (and pages) of an account chain, each opening with the closing balance of the one before.
[Collection(ReportingCollection.Name)]
public sealed class StatementBalanceChainTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Account = "IT60X0542811101000000654321";

    [Fact]
    public async Task A_days_statement_split_over_page_files_is_checked_page_by_page_and_a_missing_middle_page_is_a_gap_until_it_is_uploaded()
    {
        var client = app.CreateClient();
        const string ec = "70000000031";
        var page1 = Page(1, last: false, ("OPBD", 100_000), ("ITBD", 105_000), 5_000L);
        var page2 = Page(2, last: false, ("ITBD", 105_000), ("ITBD", 103_000), -2_000L);
        var page3 = Page(3, last: true, ("ITBD", 103_000), ("CLBD", 103_700), 700L);

        var first = await Statements.ImportAsync(client, ec, page1);
        var third = await Statements.ImportAsync(client, ec, page3);

        Assert.Equal(("balanced", "balanced"), (first.GetProperty("balanceCheck").GetString(), third.GetProperty("balanceCheck").GetString()));
        Assert.Empty(first.GetProperty("balanceGaps").EnumerateArray());
        var gap = Assert.Single(third.GetProperty("balanceGaps").EnumerateArray());
        Assert.Equal((Account, third.GetProperty("fileId").GetInt64(), 3, 103_000L, first.GetProperty("fileId").GetInt64(), 1, 105_000L, -2_000L),
            (gap.GetProperty("account").GetString(), gap.GetProperty("fileId").GetInt64(), gap.GetProperty("page").GetInt32(), gap.GetProperty("openingCents").GetInt64(),
             gap.GetProperty("previousFileId").GetInt64(), gap.GetProperty("previousPage").GetInt32(), gap.GetProperty("previousClosingCents").GetInt64(),
             gap.GetProperty("gapCents").GetInt64()));
        Assert.Single(await GapsAsync(client, ec));

        var second = await Statements.ImportAsync(client, ec, page2);

        Assert.Equal("balanced", second.GetProperty("balanceCheck").GetString());
        Assert.Empty(second.GetProperty("balanceGaps").EnumerateArray());
        Assert.Empty(await GapsAsync(client, ec));
    }

    [Fact]
    public async Task Daily_statements_uploaded_in_any_order_chain_and_a_day_opening_above_the_previous_closing_is_a_gap_naming_both_files()
    {
        var client = app.CreateClient();
        const string ec = "70000000032";
        var day4 = await Statements.ImportAsync(client, ec, Day("2026-11-26", 115_000, 115_000));
        var day1 = await Statements.ImportAsync(client, ec, Day("2026-11-23", 100_000, 110_000, 10_000));
        var day2 = await Statements.ImportAsync(client, ec, Day("2026-11-24", 110_000, 111_000, 1_000));
        var day2Again = await Statements.ImportAsync(client, ec, Day("2026-11-24", 110_000, 111_000, 1_000)); // a re-export: another file
        var otherAccount = await Statements.ImportAsync(client, ec, Day("2026-11-25", 1_000, 1_000, account: "IT02A0306909606100000012345"));

        // Uploaded alone with day 4, day 1 is followed by it: days 2 and 3 missing. Day 2 fills half the gap.
        Assert.Equal(5_000L, Assert.Single(day1.GetProperty("balanceGaps").EnumerateArray()).GetProperty("gapCents").GetInt64());
        Assert.Empty(otherAccount.GetProperty("balanceGaps").EnumerateArray());
        var gap = Assert.Single(await GapsAsync(client, ec));
        Assert.Equal((day4.GetProperty("fileId").GetInt64(), "2026-11-26", day2.GetProperty("fileId").GetInt64(), "2026-11-24", 111_000L, 4_000L),
            (gap.GetProperty("fileId").GetInt64(), gap.GetProperty("openingDate").GetString(), gap.GetProperty("previousFileId").GetInt64(),
             gap.GetProperty("previousClosingDate").GetString(), gap.GetProperty("previousClosingCents").GetInt64(), gap.GetProperty("gapCents").GetInt64()));
        Assert.Equal(day2.GetProperty("fileId").GetInt64(), Assert.Single(day2.GetProperty("balanceGaps").EnumerateArray()).GetProperty("previousFileId").GetInt64());
        Assert.NotEqual(day2.GetProperty("fileId").GetInt64(), day2Again.GetProperty("fileId").GetInt64());
        Assert.Empty(await GapsAsync(client, ec, "IT02A0306909606100000012345"));
        Assert.Single(await GapsAsync(client, ec, Account));
    }

    private static async Task<JsonElement[]> GapsAsync(HttpClient client, string ec, string? account = null) =>
        (await client.GetFromJsonAsync<JsonElement[]>($"/api/reporting/organizations/{ec}/treasury/balance-gaps{(account is null ? "" : "?account=" + account)}"))!;

    // One page of the statement of 2026-11-23 in its own camt.053.001.08 file, with one booked entry (cents, negative
    // a debit).
    private static byte[] Page(int page, bool last, (string Code, long Cents) opening, (string Code, long Cents) closing, long entry) =>
        Camt053V8("STMT-2026-11-23", $"<StmtPgntn><PgNb>{page}</PgNb><LastPgInd>{(last ? "true" : "false")}</LastPgInd></StmtPgntn><ElctrncSeqNb>327</ElctrncSeqNb>",
            Account, Balance(opening.Code, opening.Cents, "2026-11-23") + Balance(closing.Code, closing.Cents, "2026-11-23"), [(entry, "2026-11-23")]);

    // The statement of one day in a camt.053.001.08 file.
    private static byte[] Day(string day, long opening, long closing, long entry = 0, string account = Account) =>
        Camt053V8("STMT-" + day, "", account, Balance("OPBD", opening, day) + Balance("CLBD", closing, day), entry == 0 ? [] : [(entry, day)]);

    private static string Balance(string code, long cents, string day) =>
        $"""<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{Math.Abs(cents) / 100m:0.00}</Amt><CdtDbtInd>{(cents < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>""";

    // A statement (or a page of it) in a file of its own: each call is another file, as a re-export is.
    private static byte[] Camt053V8(string statementId, string paging, string account, string balances, (long Cents, string Day)[] entries)
    {
        var file = Guid.NewGuid().ToString("N");
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
              <GrpHdr><MsgId>{file}</MsgId><CreDtTm>2026-11-26T20:00:00</CreDtTm></GrpHdr>
              <Stmt><Id>{statementId}</Id>{paging}<CreDtTm>2026-11-26T20:00:00</CreDtTm><Acct><Id><IBAN>{account}</IBAN></Id></Acct>
                {balances}
                {string.Concat(entries.Select((e, i) => $"""
                  <Ntry><Amt Ccy="EUR">{Math.Abs(e.Cents) / 100m:0.00}</Amt><CdtDbtInd>{(e.Cents < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                    <BookgDt><Dt>{e.Day}</Dt></BookgDt><ValDt><Dt>{e.Day}</Dt></ValDt><AcctSvcrRef>REF-{file[..12]}-{i}</AcctSvcrRef>
                    <BkTxCd><Prtry><Cd>48//</Cd><Issr>CBI</Issr></Prtry></BkTxCd>
                    <NtryDtls><TxDtls><RmtInf><Ustrd>movimento {file[..12]}-{i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                  """))}
              </Stmt>
            </BkToCstmrStmt></Document>
            """;
        return Encoding.UTF8.GetBytes(xml);
    }
}
