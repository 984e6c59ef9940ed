using System.Globalization;
using System.Xml.Linq;

namespace NodeSimulator.Soap;

// SOAP 1.1 envelopes as the Node writes them: the operation wrapper qualified by the paForNode namespace (prefix
// "pafn"), every child unqualified (the XSDs set no elementFormDefault).
internal static class SoapXml
{
    public static readonly XNamespace Envelope = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace PaForNode = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";

    // Euro cents as the SOAP wire wants them: euros with exactly two decimals.
    public static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static long Cents(string euros) =>
        (long)Math.Round(decimal.Parse(euros.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 100m,
            MidpointRounding.AwayFromZero);

    // Child by local name, ignoring prefixes and namespaces (senders vary, NOTES §2.1).
    public static XElement? Child(this XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement? parent, string localName) =>
        parent?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    // Trimmed text of a child: real messages carry padded values (NOTES §6.4).
    public static string? Text(this XElement? parent, string localName) => parent.Child(localName)?.Value.Trim();

    // A copy of element with every name unqualified, to re-emit it inside our own message.
    public static XElement Unqualified(XElement element) => new(
        element.Name.LocalName,
        element.HasElements ? element.Elements().Select(Unqualified) : element.Value.Trim());
}
