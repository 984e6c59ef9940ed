using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace NodeAdapter.Soap;

// A request read off the wire: the operation, its validated body element, or why it was refused.
internal sealed record SoapRequest(SoapOperation? Operation, XElement? Payload, byte[] Body, string? FaultCode, string? FaultDescription)
{
    public string Field(string name) => Payload!.Element(name)!.Value;

    // The request as received, for the receipt log (decoded only when asked: verify never needs it).
    public string RawXml => Decode(Body);

    // In the encoding the XML parser found (its BOM, or UTF-16 told by a leading '<', else UTF-8): UTF-16 read as
    // UTF-8 is full of NULs, which a PostgreSQL text column refuses, and the receipt could never be stored.
    private static string Decode(byte[] body)
    {
        Encoding? utf16 = body is [(byte)'<', 0, ..] ? Encoding.Unicode : body is [0, (byte)'<', ..] ? Encoding.BigEndianUnicode : null;
        using var text = new StreamReader(new MemoryStream(body), utf16 ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return text.ReadToEnd();
    }
}

// Reads a SOAP 1.1 request the way an exposed endpoint must: bounded size, no DTD, no external entity,
// namespace-aware by local name + namespace (any prefix, unqualified children), lenient on the whitespace quirks real
// senders produce (NOTES §6.4), then strict against the official XSD.
internal sealed class SoapRequestReader(SoapSchemas schemas, IOptions<StationOptions> options)
{
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    // Real messages nest about ten levels (receipt/transferList/transfer/metadata/mapEntry/key).
    public const int MaxDepth = 64;

    // Built once: XmlReader.Create only reads it (no DTD, no resolver, entity expansion and size capped).
    private readonly XmlReaderSettings _secureReader = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = options.Value.MaxRequestBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public async Task<SoapRequest> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var action = SoapOperation.ByAction(request.Headers["SOAPAction"]);
        var max = options.Value.MaxRequestBytes;
        byte[]? body;
        try
        {
            body = await ReadBoundedAsync(request, max, ct);
        }
        catch (Exception e) when (e is BadHttpRequestException or EndOfStreamException or IOException)
        {
            // The caller went away or lied about Content-Length: nothing to process, nobody to hurt.
            return Refuse(action, [], Faults.SyntaxExtraXsd, "incomplete request body: " + e.Message);
        }
        if (body is null) return Refuse(action, [], Faults.SyntaxExtraXsd, $"request body larger than {max} bytes");
        var raw = body;

        var (document, error) = Parse(body);
        if (document is null) return Refuse(action, raw, Faults.SyntaxExtraXsd, "not well-formed XML or DTD present: " + error);

        if (document.Root is not { } root || root.Name != Soap11 + "Envelope") return NotAnEnvelope(action, raw);
        if (SoapHeaders.FirstMandatory(root) is { } header)
            return Refuse(action, raw, Faults.MustUnderstand, $"header entry {header.Name} is marked mustUnderstand, and this station processes no header");
        if (root.Element(Soap11 + "Body")?.Elements().FirstOrDefault() is not { } payload) return NotAnEnvelope(action, raw);

        // The body element decides (a real sender labels a paSendRTReq body with SOAPAction paSendRTV2).
        var operation = SoapOperation.ByRequestElement(payload.Name) ?? action;
        if (operation is null) return Refuse(null, raw, Faults.SyntaxExtraXsd, $"unknown operation {payload.Name}");
        if (payload.Name != operation.RequestName)
            return Refuse(operation, raw, Faults.SyntaxXsd, $"body element {payload.Name} is not {operation.RequestName}");

        Normalize(payload);
        var errors = schemas.Validate(payload);
        return errors.Count > 0
            ? Refuse(operation, raw, Faults.SyntaxXsd, string.Join(" | ", errors))
            : new SoapRequest(operation, payload, raw, null, null);
    }

    private (XDocument? Document, string? Error) Parse(byte[] body)
    {
        try
        {
            using var reader = new DepthLimitedReader(XmlReader.Create(new MemoryStream(body), _secureReader), MaxDepth);
            return (XDocument.Load(reader), null);
        }
        catch (XmlException e)
        {
            return (null, e.Message);
        }
    }

    private static SoapRequest NotAnEnvelope(SoapOperation? action, byte[] raw) =>
        Refuse(action, raw, Faults.SyntaxExtraXsd, "not a SOAP 1.1 envelope with a Body element");

    private static SoapRequest Refuse(SoapOperation? operation, byte[] raw, string code, string description) =>
        new(operation, null, raw, code, description);

    // Null when the body exceeds max bytes (read no further than that).
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case (the Node sends Content-Length): one exact buffer, no copies.
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, ct);
            // Kestrel refuses a body longer than announced; a shorter one ends in EndOfStreamException.
            return exact;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // Drops indentation between elements and trims values, treating U+00A0 as the whitespace the sender meant (GovPay
    // indents with it; GPD's perf test pads notice numbers with newlines).
    private static void Normalize(XElement payload)
    {
        foreach (var element in payload.DescendantsAndSelf().ToList())
        {
            if (element.HasElements)
            {
                foreach (var text in element.Nodes().OfType<XText>().Where(t => string.IsNullOrWhiteSpace(t.Value)).ToList())
                    text.Remove();
            }
            else if (!element.IsEmpty)
            {
                var value = element.Value;
                var trimmed = value.Trim();
                if (trimmed.Length != value.Length) element.Value = trimmed;
            }
        }
    }
}
