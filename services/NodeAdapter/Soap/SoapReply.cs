using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace NodeAdapter.Soap;

// The body element of an answer (a *Res/*Response of paForNode), with its outcome for metrics. Faults are in-band, as
// pagoPA requires: HTTP 200, outcome KO, fault{faultCode, faultString, id = our broker id, description}.
internal sealed record SoapReply(string Operation, XElement Body, string? FaultCode)
{
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    public string Outcome => FaultCode is null ? "OK" : "KO";

    public static SoapReply Ok(SoapOperation operation, params object?[] content) =>
        new(operation.Action, new XElement(operation.ResponseName, new XElement("outcome", "OK"), content), null);

    public static SoapReply Fault(SoapOperation operation, string brokerId, string code, string description) =>
        new(operation.Action, new XElement(operation.ResponseName,
            new XElement("outcome", "KO"),
            new XElement("fault",
                new XElement("faultCode", code),
                new XElement("faultString", Faults.FaultString(code)),
                new XElement("id", brokerId),
                new XElement("description", description))), code);

    // No paForNode response type exists when we cannot tell the operation: a plain SOAP 1.1 Client fault, still with
    // HTTP 200 so that no proxy mistakes it for a server crash.
    public static SoapReply UnknownOperation(string description) =>
        new("unknown", EnvelopeFault("Client", Faults.SyntaxExtraXsd + ": " + description), Faults.SyntaxExtraXsd);

    // SOAP 1.1 §4.2.3: a header entry marked mustUnderstand that we do not process must stop the call with a
    // MustUnderstand fault. HTTP 200 like every other fault here (pagoPA's in-band convention).
    public static SoapReply MustUnderstand(string description) =>
        new("unknown", EnvelopeFault("MustUnderstand", description), Faults.MustUnderstand);

    private static XElement EnvelopeFault(string code, string description) =>
        new(Soap11 + "Fault", new XElement("faultcode", "soapenv:" + code), new XElement("faultstring", description));

    private static readonly XmlWriterSettings Utf8Writer = new() { OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };

    // The SOAP 1.1 envelope as the UTF-8 bytes sent (declaration included, no BOM).
    public ReadOnlyMemory<byte> ToEnvelope()
    {
        var envelope = new XElement(Soap11 + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soapenv", Soap11),
            new XAttribute(XNamespace.Xmlns + "pafn", SoapOperation.Pafn),
            new XElement(Soap11 + "Header"),
            new XElement(Soap11 + "Body", Body));
        // Straight to UTF-8: no UTF-16 string to build and re-encode on every answer.
        var bytes = new MemoryStream(1024);
        using (var writer = new XmlSafeWriter(XmlWriter.Create(bytes, Utf8Writer)))
            envelope.WriteTo(writer);
        return bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
    }
}

// Formatting to the paForNode simple types (amounts in euros with 2 decimals, bounded texts).
internal static class SoapText
{
    // stAmount's maxInclusive, 999999999.99, in cents (stAmountNotZero adds a minimum of 0.01).
    public const long MaxAmountCents = ServiceDefaults.Web.RequestBounds.MaxAmountCents;

    public static bool IsAmountNotZero(long cents) => cents is >= 1 and <= MaxAmountCents;

    public static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static long Cents(string euros) => (long)Math.Round(decimal.Parse(euros, CultureInfo.InvariantCulture) * 100m);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Non-empty text within max characters (the XSD's stTextNN).
    public static string Bounded(string? text, int max, string fallback = "-")
    {
        var value = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
        if (value.Length <= max) return value;
        // Never keep half of a surrogate pair: the cut would leave a character XML cannot carry.
        return value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];
    }

    // An optional element: omitted when there is no value.
    public static XElement? Optional(string name, string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : new XElement(name, Bounded(value, max));
}
