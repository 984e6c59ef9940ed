using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json;

namespace Reporting.Tests;

/// <summary>A credit or debit line for a generated statement.</summary>
internal sealed record Line(long Cents, string Remittance, bool Credit = true, bool Reversal = false, string Status = "BOOK", string Day = "2026-11-23");

/// <summary>Statements as banks send them: the real samples, and generated camt.053.001.02 files for the matching rules.</summary>
internal static class Statements
{
    public static byte[] Sample(string relativePath) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TreasurySamples", relativePath));

    /// <summary>A schema-valid camt.053.001.02 statement; each call differs (its message id), as two real files do.</summary>
    public static byte[] Camt053(params Line[] lines)
    {
        var entries = string.Concat(lines.Select((l, i) => $"""
            <Ntry><NtryRef>{i + 1}</NtryRef><Amt Ccy="EUR">{l.Cents / 100m:0.00}</Amt><CdtDbtInd>{(l.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>
              {(l.Reversal ? "<RvslInd>true</RvslInd>" : "")}<Sts>{l.Status}</Sts><BookgDt><Dt>{l.Day}</Dt></BookgDt><ValDt><Dt>{l.Day}</Dt></ValDt>
              <AcctSvcrRef>REF{i + 1:000000}</AcctSvcrRef><BkTxCd><Prtry><Cd>48//</Cd><Issr>CBI</Issr></Prtry></BkTxCd>
              <NtryDtls><TxDtls><Refs><EndToEndId>E2E{i + 1}</EndToEndId><ClrSysRef>TRN{i + 1:0000000000}</ClrSysRef></Refs>
                <RltdPties><Dbtr><Nm>PSP Simulato S.p.A. Servizio pagoPA</Nm></Dbtr></RltdPties>
                <RmtInf><Ustrd>{SecurityElement.Escape(l.Remittance)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            """));
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
              <GrpHdr><MsgId>{Guid.NewGuid():N}</MsgId><CreDtTm>2026-11-23T20:00:00</CreDtTm></GrpHdr>
              <Stmt><Id>STMT-1</Id><CreDtTm>2026-11-23T20:00:00</CreDtTm><Acct><Id><IBAN>IT60X0542811101000000123456</IBAN></Id></Acct>
                <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-23</Dt></Dt></Bal>
                {entries}
              </Stmt>
            </BkToCstmrStmt></Document>
            """;
        return Encoding.UTF8.GetBytes(xml);
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string organization, byte[] file, string? format = null)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PostAsync($"/api/reporting/organizations/{organization}/treasury/statements{(format is null ? "" : "?format=" + format)}", content);
    }

    /// <summary>Uploads and returns the stored file's view; fails the test on anything but 201.</summary>
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
