using System.Text;

namespace Flows.Tests;

// Whole-document mutations of a station request: DTDs and entities, depth, size, truncation, namespaces, headers,
// encodings.
internal static class SoapDocuments
{
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    public static HostileRequest Request(string action, string what, byte[] body, bool mustRefuse, string? soapAction = null, string? contentType = "text/xml; charset=utf-8") =>
        new($"SOAP {action}", what, HttpMethod.Post, HostileSoap.Path, body, contentType)
        {
            Soap = true, MustRefuse = mustRefuse, Headers = soapAction == "" ? [] : [new("SOAPAction", $"\"{soapAction ?? action}\"")],
        };

    public static IEnumerable<HostileRequest> Whole(Random random, string action, Func<string> envelope)
    {
        HostileRequest Text(string what, string xml, bool refuse) => Request(action, what, Encoding.UTF8.GetBytes(xml), refuse);
        var valid = envelope();
        var bodyStart = valid.IndexOf("<soapenv:Body>", StringComparison.Ordinal);
        var payloadStart = bodyStart + "<soapenv:Body>".Length;
        var firstChild = valid.IndexOf("><", payloadStart, StringComparison.Ordinal) + 1;
        var declarationEnd = valid.IndexOf("?>", StringComparison.Ordinal) + 2;
        string Doctype(string dtd) => valid[..declarationEnd] + dtd + envelope()[declarationEnd..];

        var laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">" + string.Concat(Enumerable.Range(1, 9).Select(i =>
            $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">")) + "]>";
        yield return Text("DTD with nested entities (billion laughs)", Doctype(laughs).Replace("<idPA>", "<idPA>&lol9;", StringComparison.Ordinal), true);
        yield return Text("external entity file:///etc/passwd", Doctype("<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>").Replace("<idPA>", "<idPA>&x;", StringComparison.Ordinal), true);
        yield return Text("external DTD over http", Doctype("<!DOCTYPE e SYSTEM \"http://127.0.0.1:1/evil.dtd\">"), true);
        yield return Text("an empty internal DTD", Doctype("<!DOCTYPE e []>"), true);
        yield return Text("an undefined entity", envelope().Replace("<idPA>", "<idPA>&undefined;", StringComparison.Ordinal), true);
        foreach (var depth in new[] { 100, 60_000 })
        {
            var deep = string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth));
            yield return Text($"nested {depth} deep inside the payload", envelope().Insert(firstChild, deep), true);
        }
        var big = envelope();
        yield return Request(action, "600 KiB with Content-Length", Encoding.UTF8.GetBytes(big.Insert(firstChild, $"<!--{new string('x', 600 * 1024)}-->")), true);
        yield return Request(action, "600 KiB chunked", Encoding.UTF8.GetBytes(big.Insert(firstChild, $"<!--{new string('x', 600 * 1024)}-->")), true) with { Chunked = true };
        yield return Text("300 KiB of whitespace between elements", envelope().Insert(firstChild, new string(' ', 300 * 1024)), false);
        yield return Text("a comment of 300 KiB", envelope().Insert(firstChild, $"<!--{new string('c', 300 * 1024)}-->"), false);
        foreach (var cut in new[] { 10, random.Next(20, valid.Length / 2), random.Next(valid.Length / 2, valid.Length - 2) })
            yield return Text($"truncated at {cut} of {valid.Length}", envelope()[..cut], true);
        yield return Text("payload in a foreign namespace", envelope().Replace("http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd", "http://evil.example/pa", StringComparison.Ordinal), true);
        yield return Text("a SOAP 1.2 envelope", envelope().Replace(Soap11, "http://www.w3.org/2003/05/soap-envelope", StringComparison.Ordinal), true);
        yield return Text("no namespaces at all", envelope().Replace("soapenv:", "", StringComparison.Ordinal).Replace("pafn:", "", StringComparison.Ordinal)
            .Replace(" xmlns:soapenv=\"" + Soap11 + "\"", "", StringComparison.Ordinal).Replace(" xmlns:pafn=\"http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd\"", "", StringComparison.Ordinal), true);
        yield return Text("a mustUnderstand header entry", envelope().Replace("<soapenv:Header />", "<soapenv:Header><w:Security xmlns:w=\"urn:x\" soapenv:mustUnderstand=\"1\"/></soapenv:Header>", StringComparison.Ordinal), true);
        yield return Text("a mustUnderstand=\"true\" header entry", envelope().Replace("<soapenv:Header />", "<soapenv:Header><w:T xmlns:w=\"urn:x\" soapenv:mustUnderstand=\"true\">1</w:T></soapenv:Header>", StringComparison.Ordinal), true);
        yield return Text("an optional header entry", envelope().Replace("<soapenv:Header />", "<soapenv:Header><w:T xmlns:w=\"urn:x\" soapenv:mustUnderstand=\"0\">1</w:T></soapenv:Header>", StringComparison.Ordinal), false);
        yield return Text("no Body", valid[..bodyStart] + "</soapenv:Envelope>", true);
        yield return Text("an empty Body", valid[..payloadStart] + "</soapenv:Body></soapenv:Envelope>", true);
        yield return Text("the first field twice", envelope().Insert(firstChild, "<idPA>88888888888</idPA>"), true);
        yield return Text("an unknown field", envelope().Replace("</idStation>", "</idStation><evil>1</evil>", StringComparison.Ordinal), true);
        foreach (var field in new[] { "idPA", "idBrokerPA", "idStation" })
            yield return Text($"{field} missing", System.Text.RegularExpressions.Regex.Replace(envelope(), $"<{field}>[^<]*</{field}>", ""), true);
        yield return Text("a processing instruction and comments inside", envelope().Insert(firstChild, "<?pi data?><!-- c -->"), false);
        yield return Text("a comment containing --", envelope().Insert(firstChild, "<!-- a -- b -->"), true);
        yield return Text("a raw control character in CDATA", envelope().Replace("<idStation>", "<idStation><![CDATA[\u0001]]>", StringComparison.Ordinal), true);
        yield return Text("declared UTF-16, sent as UTF-8", envelope().Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", StringComparison.Ordinal), true);
        yield return Text("whitespace before the declaration", "  \n" + envelope(), true);
        yield return Text("a second payload element", envelope().Insert(envelope().IndexOf("</soapenv:Body>", StringComparison.Ordinal), "<x/>"), false);
        yield return Request(action, "UTF-16 with a BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(envelope().Replace("UTF-8", "UTF-16", StringComparison.Ordinal))], false);
        yield return Request(action, "UTF-8 with a BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(envelope())], false);
        yield return Request(action, "invalid UTF-8 bytes", [.. Encoding.UTF8.GetBytes(envelope()[..firstChild]), 0xFF, 0xFE, 0xC0, .. Encoding.UTF8.GetBytes(envelope()[firstChild..])], true);
        foreach (var (what, body) in new[] { ("an empty body", ""), ("not XML", "hello"), ("JSON", "{\"idPA\":\"88888888888\"}"), ("only a declaration", valid[..declarationEnd]) })
            yield return Text(what, body, true);
        foreach (var soapAction in new[] { "", "garbage", "paNothing", "http://pagopa-api.pagopa.gov.it/pa/paForNode/" + action, action == "paSendRT" ? "paSendRTV2" : "paSendRT" })
            yield return Request(action, $"SOAPAction '{soapAction}'", Encoding.UTF8.GetBytes(envelope()), false, soapAction);
        yield return Request(action, "SOAPAction non-ASCII", Encoding.UTF8.GetBytes(envelope()), false, action + "\u00e8") with { AtTheEdge = true };
        foreach (var type in new[] { "application/json", "text/plain", "application/soap+xml; charset=utf-8", "text/xml; charset=iso-8859-1" })
            yield return Request(action, $"Content-Type '{type}'", Encoding.UTF8.GetBytes(envelope()), false, contentType: type);
        yield return Request(action, "no Content-Type", Encoding.UTF8.GetBytes(envelope()), false, contentType: null);
    }
}
