using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace NodeSimulator.Soap;

// How the simulated Node writes a request on the wire. Every style carries the same XSD-valid content; the
// non-compact ones reproduce what real senders do (specs NOTES §6.4, §6.6), so that a station too strict about
// prefixes or whitespace is caught.
internal enum MessageStyle
{
    // Wrapper prefixed pafn: , children unqualified, no whitespace between elements.
    Compact,

    // As the Node's own messages: an arbitrary wrapper prefix ( ns6: ), namespaces declared and never used, indented.
    Node,

    // As GPD's perf test and GovPay's test messages: leaf values padded with newlines and spaces, indentation made of
    // U+00A0 (no-break space), which a strict reader takes as content.
    Padded,
}

internal static class MessageStyles
{
    private const string Nbsp = "\u00A0";

    // The SOAP 1.1 envelope around body, written in style.
    public static string Render(XElement body, MessageStyle style) => style switch
    {
        MessageStyle.Node => Write(Envelope(body, "ns6", unusedNamespaces: true), indent: "  "),
        MessageStyle.Padded => Write(Envelope(Padded(body), "pafn", unusedNamespaces: false), indent: Nbsp + Nbsp),
        _ => Write(Envelope(body, "pafn", unusedNamespaces: false), indent: null),
    };

    private static XElement Envelope(XElement body, string prefix, bool unusedNamespaces) => new(
        SoapXml.Envelope + "Envelope",
        new XAttribute(XNamespace.Xmlns + "soapenv", SoapXml.Envelope),
        new XAttribute(XNamespace.Xmlns + prefix, SoapXml.PaForNode),
        unusedNamespaces
            ? new object[]
            {
                // Declared by the Node's marshaller for every message, used by none of paForNode's.
                new XAttribute(XNamespace.Xmlns + "ns2", "http://ws.pagamenti.telematici.gov/"),
                new XAttribute(XNamespace.Xmlns + "ns3", "http://PuntoAccessoPSP.spcoop.gov.it/ServiziPSP"),
                new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            }
            : null,
        new XElement(SoapXml.Envelope + "Header"),
        new XElement(SoapXml.Envelope + "Body", body));

    // A copy whose leaf values are wrapped in newlines and spaces ( <noticeNumber>\n 3…\n</noticeNumber> ).
    private static XElement Padded(XElement body)
    {
        var copy = new XElement(body);
        foreach (var leaf in copy.Descendants().Where(e => !e.HasElements && !e.IsEmpty).ToList())
            leaf.Value = "\n    " + leaf.Value + "\n  ";
        return copy;
    }

    private static string Write(XElement envelope, string? indent)
    {
        var text = new StringBuilder(1024);
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = indent is not null,
            IndentChars = indent ?? "",
            // U+00A0 is not XML whitespace: the writer must not check what it is given as indentation.
            CheckCharacters = false,
        };
        using (var writer = XmlWriter.Create(text, settings)) envelope.WriteTo(writer);
        return """<?xml version="1.0" encoding="utf-8"?>""" + "\n" + text;
    }
}
