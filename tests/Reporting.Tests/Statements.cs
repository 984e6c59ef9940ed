using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json;

namespace Reporting.Tests;

// A credit or debit line for a generated statement. Reference names the bank's references of the movement
// (AcctSvcrRef, TRN, EndToEndId); without it they are new in every file, as for different movements.
internal sealed record Line(long Cents, string Remittance, bool Credit = true, bool Reversal = false, string Status = "BOOK", string Day = "2026-11-23",
    string? Reference = null);

// Statements as banks send them: the real samples, and generated camt.053.001.02 / camt.054.001.02 files for the
// matching rules.
internal static class Statements
{
    private const string Account = "IT60X0542811101000000123456";

    public static byte[] Sample(string relativePath) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TreasurySamples", relativePath));

    // A schema-valid camt.053.001.02 statement; each call differs (its message id), as two real files do.
    public static byte[] Camt053(params Line[] lines) => Camt053(null, null, lines);

    // A camt.053.001.02 statement stating its opening (OPBD) and closing (CLBD) booked balances, in cents.
    public static byte[] Camt053(long? openingCents, long? closingCents, params Line[] lines)
    {
        var balances = (openingCents is { } o ? Balance("OPBD", o) : "") + (closingCents is { } c ? Balance("CLBD", c) : Balance("CLBD", 0));
        return Document("camt.053.001.02", "BkToCstmrStmt", "Stmt", balances, lines);
    }

    // A schema-valid camt.054.001.02 notification, as a bank sends during the day.
    public static byte[] Camt054(params Line[] lines) => Document("camt.054.001.02", "BkToCstmrDbtCdtNtfctn", "Ntfctn", "", lines);

    private static string Balance(string code, long cents) =>
        $"""<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{Math.Abs(cents) / 100m:0.00}</Amt><CdtDbtInd>{(cents < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Dt><Dt>2026-11-23</Dt></Dt></Bal>""";

    private static byte[] Document(string message, string root, string report, string balances, Line[] lines)
    {
        var file = Guid.NewGuid().ToString("N");
        var entries = string.Concat(lines.Select((l, i) =>
        {
            var reference = l.Reference ?? $"{file[..12]}-{i + 1}";
            return $"""
                <Ntry><NtryRef>{i + 1}</NtryRef><Amt Ccy="EUR">{l.Cents / 100m:0.00}</Amt><CdtDbtInd>{(l.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>
                  {(l.Reversal ? "<RvslInd>true</RvslInd>" : "")}<Sts>{l.Status}</Sts><BookgDt><Dt>{l.Day}</Dt></BookgDt><ValDt><Dt>{l.Day}</Dt></ValDt>
                  <AcctSvcrRef>REF-{reference}</AcctSvcrRef><BkTxCd><Prtry><Cd>48//</Cd><Issr>CBI</Issr></Prtry></BkTxCd>
                  <NtryDtls><TxDtls><Refs><EndToEndId>E2E-{reference}</EndToEndId><ClrSysRef>TRN-{reference}</ClrSysRef></Refs>
                    <RltdPties><Dbtr><Nm>PSP Simulato S.p.A. Servizio pagoPA</Nm></Dbtr></RltdPties>
                    <RmtInf><Ustrd>{SecurityElement.Escape(l.Remittance)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                """;
        }));
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:{message}"><{root}>
              <GrpHdr><MsgId>{file}</MsgId><CreDtTm>2026-11-23T20:00:00</CreDtTm></GrpHdr>
              <{report}><Id>{report.ToUpperInvariant()}-1</Id><CreDtTm>2026-11-23T20:00:00</CreDtTm><Acct><Id><IBAN>{Account}</IBAN></Id></Acct>
                {balances}
                {entries}
              </{report}>
            </{root}></Document>
            """;
        return Encoding.UTF8.GetBytes(xml);
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string organization, byte[] file, string? format = null, bool acceptUnbalanced = false)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var query = string.Join('&', new[] { format is null ? null : "format=" + format, acceptUnbalanced ? "acceptUnbalanced=true" : null }.OfType<string>());
        return await client.PostAsync($"/api/reporting/organizations/{organization}/treasury/statements{(query.Length == 0 ? "" : "?" + query)}", content);
    }

    // Uploads and returns the stored file's view; fails the test on anything but 201.
    public static async Task<JsonElement> ImportAsync(HttpClient client, string organization, byte[] file)
    {
        var response = await UploadAsync(client, organization, file);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created) throw new Xunit.Sdk.XunitException($"upload answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement[]> MovementsAsync(HttpClient client, string organization, long fileId) =>
        (await client.GetFromJsonAsync<JsonElement[]>($"/api/reporting/organizations/{organization}/treasury/movements?fileId={fileId}&limit=1000"))!
        .OrderBy(m => m.GetProperty("id").GetInt64()).ToArray();
}
