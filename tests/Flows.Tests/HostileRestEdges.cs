using System.Text;

namespace Flows.Tests;

// The REST requests that are not JSON bodies: list queries, hostile path segments, headers, and the import upload.
internal static class HostileRestEdges
{
    private const string Ec = HostileRest.Ec;

    private static readonly string[] Pages = ["-1", "2147483647", "2147483648", "99999999999999999999", "abc", "1e3", "0x10", "%00", "1%20OR%201=1", ""];
    private static readonly string[] Limits = ["0", "-1", "51", "2147483647", "-2147483648", "NaN", "1.5"];
    private static readonly string[] Days = ["0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "1899-12-31", "2026-06-01T00:00:00Z", "%27%3B%20DROP%20TABLE%20x--", "%E2%80%AE2026-01-01"];
    private static readonly string[] Texts = ["VALID%27%20OR%20%271%27=%271", "%00", "%FF%FE", "%E2%80%AE", "%F0%9F%98%80", "%", "%ZZ", "a%0d%0aX-Injected:%201", "%3Cscript%3E", "..%2F..%2Fetc%2Fpasswd"];

    // Extreme paging, dates and injected text on every list of positions, receipts and reporting.
    public static IEnumerable<HostileRequest> Queries()
    {
        foreach (var (target, list) in new[] { ("v1 list", HostileRest.V1), ("v3 list", HostileRest.V3) })
        {
            foreach (var page in Pages) yield return Get(target, $"page={page}", $"{list}?page={page}", mustRefuse: page != "");
            foreach (var limit in Limits) yield return Get(target, $"limit={limit}", $"{list}?limit={limit}", mustRefuse: true);
            yield return Get(target, "page=199999&limit=50, the last offset allowed", $"{list}?page=199999&limit=50");
            yield return Get(target, "page=200000&limit=50", $"{list}?page=200000&limit=50", mustRefuse: true);
            foreach (var (name, day) in Days.SelectMany(d => new[] { ("due_date_from", d), ("payment_date_to", d) }))
                yield return Get(target, $"{name}={day}", $"{list}?{name}={day}", mustRefuse: true);
            yield return Get(target, "due_date_from after due_date_to", $"{list}?due_date_from=2026-06-02&due_date_to=2026-06-01", mustRefuse: true);
            foreach (var text in Texts) yield return Get(target, $"status={text}", $"{list}?status={text}", mustRefuse: true);
            foreach (var text in Texts.Take(4)) yield return Get(target, $"orderby={text}", $"{list}?orderby={text}&ordering={text}", mustRefuse: true);
            yield return Get(target, "page given twice", $"{list}?page=1&page=2");
            yield return Get(target, "a query of 8000 chars", $"{list}?status={new string('A', 8_000)}", mustRefuse: true);
        }
        foreach (var list in new[] { $"/api/receipts/organizations/{Ec}/receipts", $"/api/reporting/organizations/{Ec}/flows",
                     $"/api/reporting/organizations/{Ec}/anomalies", $"/api/reporting/organizations/{Ec}/transfers", $"/api/node-adapter/organizations/{Ec}/receipts",
                     $"/api/node-adapter/organizations/{Ec}/flows" })
        {
            var target = list[(list.LastIndexOf('/') + 1)..] + " list";
            foreach (var limit in Limits) yield return Get(target, $"limit={limit}", $"{list}?limit={limit}");
            foreach (var text in Texts) yield return Get(target, $"iuv/kind/flowId={text}", $"{list}?iuv={text}&kind={text}&flowId={text}&reconciled={text}");
        }
        yield return Get("reporting totals", "unknown parameters", $"/api/reporting/organizations/{Ec}/totals?x=%00&y=%FF");
    }

    // Hostile path segments where an id is read from the path.
    public static IEnumerable<HostileRequest> Paths()
    {
        string[] ids = ["..%2F..%2F77777777777%2Fdebtpositions", "%2e%2e", "%00", "x%27%20OR%20%271%27=%271", "%E2%80%AE", "%FF", "%F0%9F%98%80",
            new string('9', 5_000), "%20", "con", "%3Cscript%3E", "a%0Ab"];
        foreach (var id in ids)
        {
            // Kestrel refuses a decoded NUL in the path itself, before any middleware.
            var edge = id.Contains("%00", StringComparison.Ordinal);
            (string Target, string What, string Path)[] paths =
            [
                ("v1 position", "iupd", $"{HostileRest.V1}/{id}"), ("v3 position history", "iupd", $"{HostileRest.V3}/{id}/history"),
                ("node-adapter notice", "nav", $"/api/node-adapter/organizations/{Ec}/notices/{id}"),
                ("receipt", "receiptId", $"/api/receipts/organizations/{Ec}/receipts/{id}"),
                ("reporting flow", "flowId", $"/api/reporting/organizations/{Ec}/flows/{id}"), ("IUV organization", "organization", $"/api/iuv/organizations/{id}"),
            ];
            foreach (var (target, what, path) in paths)
                yield return Get(target, $"{what} '{Short(id)}'", path) with { AtTheEdge = edge };
        }
    }

    // Non-ASCII, Latin-1, oversized and numerous headers, and odd credentials, on a list and on a create.
    public static IEnumerable<HostileRequest> Headers()
    {
        var list = $"/api/receipts/organizations/{Ec}/receipts";
        (string What, string Name, string Value)[] headers =
        [
            ("UTF-8 non-ASCII value", "X-Note", "caff\u00e8 \u202e"), ("Latin-1 value", "X-Latin1", "caff\u00e8"), ("emoji value", "X-Note", "😀"),
            ("a value of 30000 chars", "X-Note", new string('a', 30_000)), ("a value of 40000 chars", "X-Note", new string('a', 40_000)),
            ("X-Correlation-Id of 5000 chars", "X-Correlation-Id", new string('c', 5_000)), ("X-Correlation-Id with markup", "X-Correlation-Id", "<b>x</b>"),
            ("X-Api-Key of 20000 chars", "X-Api-Key", new string('k', 20_000)), ("non-ASCII X-Api-Key", "X-Api-Key", "\u00e8\u00e8"),
            ("Authorization garbage", "Authorization", "Bearer not.a.jwt"), ("Authorization of 10000 chars", "Authorization", "Bearer " + new string('x', 10_000)),
            ("Accept application/xml", "Accept", "application/xml"), ("X-Forwarded-For garbage", "X-Forwarded-For", "1.2.3.4, <x>, 999.999.1.1"),
            ("X-Forwarded-Host evil", "X-Forwarded-Host", "evil.example"), ("Accept-Language odd", "Accept-Language", "xx-\u00e8"),
        ];
        foreach (var (what, name, value) in headers)
            yield return Get("receipts list", what, list) with { AtTheEdge = true, Headers = [new(name, value)] };
        yield return Get("receipts list", "200 headers", list) with
        { AtTheEdge = true, Headers = [.. Enumerable.Range(0, 200).Select(i => new KeyValuePair<string, string>($"X-H{i}", "v"))] };
        var body = Encoding.UTF8.GetBytes(HostileRest.PositionV1("HOSTILE-HEADERS").ToJsonString());
        foreach (var (what, name, value) in headers.Take(5))
            yield return new HostileRequest("v1 create", what, HttpMethod.Post, HostileRest.V1, body, "application/json") { AtTheEdge = true, Headers = [new(name, value)] };
    }

    // The import upload: truncated and malformed multipart, long boundaries, bad gzip, bad CSV and JSON.
    public static IEnumerable<HostileRequest> Imports()
    {
        var path = $"/api/debt-positions/v1/organizations/{Ec}/imports";
        var header = "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban";
        var due = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var row = $"HOSTILE-IMP-1,F,RSSMRA80A01H501U,Mario Rossi,Comune di Prova,TARI,1000,{due},TARI 2026,9/0101108TS/,IT60X0542811101000000123456";
        var csv = header + "\n" + row + "\n";
        (string What, string Body, string? Type)[] raw =
        [
            ("a valid one-row CSV", csv, "text/csv"), ("NUL in a CSV field", csv.Replace("Mario", "Ma\0rio", StringComparison.Ordinal), "text/csv"),
            ("header only", header + "\n", "text/csv"), ("unknown column", header + ",evil\n" + row + ",x\n", "text/csv"),
            ("2000 columns", string.Join(',', Enumerable.Range(0, 2000).Select(i => $"c{i}")) + "\n", "text/csv"), ("an empty body", "", "text/csv"),
            ("unterminated quote", header + "\n\"HOSTILE-IMP-2,F\n", "text/csv"), ("a 20000-char field", csv.Replace("TARI 2026", new string('T', 20_000), StringComparison.Ordinal), "text/csv"),
            ("amount 1e400", csv.Replace(",1000,", ",1e400,", StringComparison.Ordinal), "text/csv"), ("JSON, truncated", "[{\"iupd\":\"x\",", "application/json"),
            ("JSON with a duplicate key", "[{\"iupd\":\"a\",\"iupd\":\"b\"}]", "application/json"), ("JSON nested 10000 deep", new string('[', 10_000) + new string(']', 10_000), "application/json"),
            ("no content type", csv, null), ("application/octet-stream", csv, "application/octet-stream"), ("image/png", csv, "image/png"),
        ];
        foreach (var (what, body, type) in raw)
            yield return new HostileRequest("imports upload", what, HttpMethod.Post, path, Encoding.UTF8.GetBytes(body), type);
        yield return new HostileRequest("imports upload", "?format=xml", HttpMethod.Post, path + "?format=xml", Encoding.UTF8.GetBytes(csv), "text/csv");
        yield return new HostileRequest("imports upload", "?toPublish=maybe", HttpMethod.Post, path + "?toPublish=maybe", Encoding.UTF8.GetBytes(csv), "text/csv");
        yield return new HostileRequest("imports upload", "gzip claimed, not gzip", HttpMethod.Post, path, Encoding.UTF8.GetBytes(csv), "application/gzip");
        yield return new HostileRequest("imports upload", "gzip truncated", HttpMethod.Post, path, Gzip(csv)[..20], "application/gzip");

        var boundary = "hostile";
        string Part(string b) => $"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{b}--\r\n";
        foreach (var (what, body, type) in new[]
        {
            ("multipart, valid", Part(boundary), $"multipart/form-data; boundary={boundary}"),
            ("multipart, truncated", Part(boundary)[..60], $"multipart/form-data; boundary={boundary}"),
            ("multipart, no closing boundary", Part(boundary)[..^12], $"multipart/form-data; boundary={boundary}"),
            ("multipart, no boundary parameter", Part(boundary), "multipart/form-data"),
            ("multipart, boundary of 70 chars", Part(new string('b', 70)), $"multipart/form-data; boundary={new string('b', 70)}"),
            ("multipart, boundary of 10000 chars", Part(new string('b', 10_000)), $"multipart/form-data; boundary={new string('b', 10_000)}"),
            ("multipart, wrong boundary", Part(boundary), "multipart/form-data; boundary=other"),
            ("multipart, no file part", $"--{boundary}\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--{boundary}--\r\n", $"multipart/form-data; boundary={boundary}"),
            ("multipart, part headers of 20000 chars", $"--{boundary}\r\nX-Big: {new string('h', 20_000)}\r\n\r\n{csv}\r\n--{boundary}--\r\n", $"multipart/form-data; boundary={boundary}"),
        })
            yield return new HostileRequest("imports upload", what, HttpMethod.Post, path, Encoding.UTF8.GetBytes(body), type);
        yield return new HostileRequest("imports upload", "multipart, chunked and truncated", HttpMethod.Post, path, Encoding.UTF8.GetBytes(Part(boundary)[..80]),
            $"multipart/form-data; boundary={boundary}") { Chunked = true };
    }

    private static byte[] Gzip(string text)
    {
        var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private static HostileRequest Get(string target, string what, string path, bool mustRefuse = false) =>
        new(target, what, HttpMethod.Get, path, null, null) { MustRefuse = mustRefuse };

    private static string Short(string id) => id.Length > 30 ? id[..10] + $"…({id.Length} chars)" : id;
}
