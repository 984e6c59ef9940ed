using System.Net;
using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;

namespace Flows.Tests;

// One generated request: where it goes, what was done to it (for the failure message), and what it may get back.
// MustRefuse marks mutations no API may accept (a control character, a duplicate key, a DTD…): a success is then an
// offence too. AtTheEdge marks mutations refused before any route is known: headers the gateway's check refuses (its
// 400 ProblemDetails), and what Kestrel itself rejects while parsing the request (an encoded NUL in the path, bytes
// that are not UTF-8 in a header, too many or too large headers): Kestrel answers 400, 414 or 431 with no body and no
// middleware ever runs. Accepted there, for the station too.
internal sealed record HostileRequest(string Target, string Mutation, HttpMethod Method, string Path, byte[]? Body, string? ContentType)
{
    public bool Soap { get; init; }
    public bool MustRefuse { get; init; }
    public bool AtTheEdge { get; init; }
    public bool Chunked { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public HttpRequestMessage ToMessage(string apiKey)
    {
        var message = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
        message.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        if (Body is not null)
        {
            message.Content = Chunked ? new ChunkedContent(Body) : new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString()
    {
        var path = Path.Length > 140 ? Path[..140] + $"…({Path.Length} chars)" : Path;
        return $"{Method} {path} [{Target}] {Mutation}";
    }

    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

// The pass criteria: what is wrong with an answer, or null.
internal static class HostileVerdict
{
    private const string Problem = "application/problem+json";

    public static string? Judge(HostileRequest request, HttpStatusCode status, MediaTypeHeaderValue? contentType, string body)
    {
        var code = (int)status;
        if (code >= 500) return $"{code} {Excerpt(body)}";
        if (request.AtTheEdge && (code is 414 or 431 || (code == 400 && (contentType?.MediaType == Problem || body.Length == 0)))) return null;
        return request.Soap ? JudgeSoap(request, code, body) : JudgeRest(request, code, contentType, body);
    }

    private static string? JudgeRest(HostileRequest request, int code, MediaTypeHeaderValue? contentType, string body)
    {
        if (code is >= 400 and < 500 && contentType?.MediaType != Problem)
            return $"{code} as {contentType?.MediaType ?? "no content type"}, not ProblemDetails: {Excerpt(body)}";
        if (request.MustRefuse && code < 400) return $"{code}: accepted";
        return null;
    }

    // HTTP 200 and a SOAP answer: OK, KO with a PAA_* fault, or a SOAP fault (Client with a PAA_* string, or
    // MustUnderstand).
    private static string? JudgeSoap(HostileRequest request, int code, string body)
    {
        if (code != 200) return $"SOAP answered HTTP {code}: {Excerpt(body)}";
        XElement root;
        try
        {
            root = XDocument.Parse(body).Root!;
        }
        catch (XmlException e)
        {
            return $"SOAP answer is not XML ({e.Message}): {Excerpt(body)}";
        }
        var answer = root.Elements().FirstOrDefault(e => e.Name.LocalName == "Body")?.Elements().FirstOrDefault();
        if (answer is null) return $"no SOAP Body: {Excerpt(body)}";
        if (answer.Name.LocalName == "Fault")
        {
            var faultCode = answer.Element("faultcode")?.Value;
            var faultString = answer.Element("faultstring")?.Value ?? "";
            return faultCode == "soapenv:MustUnderstand" || (faultCode == "soapenv:Client" && faultString.StartsWith("PAA_", StringComparison.Ordinal))
                ? null : $"SOAP fault {faultCode} {faultString}";
        }
        var outcome = answer.Element("outcome")?.Value;
        if (outcome == "OK") return request.MustRefuse ? $"{answer.Name.LocalName} OK: accepted" : null;
        var fault = answer.Element("fault")?.Element("faultCode")?.Value;
        return outcome == "KO" && fault is not null && fault.StartsWith("PAA_", StringComparison.Ordinal)
            ? null : $"{answer.Name.LocalName} outcome {outcome} fault {fault}: {Excerpt(body)}";
    }

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
