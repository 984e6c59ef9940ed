using System.Xml.Linq;

namespace NodeAdapter.Soap;

// The SOAP 1.1 Header rules (§4.2): the station processes no header entry, so it may ignore only optional ones.
internal static class SoapHeaders
{
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string NextActor = "http://schemas.xmlsoap.org/soap/actor/next";

    // The first header entry addressed to us and marked mustUnderstand, or null.
    public static XElement? FirstMandatory(XElement envelope)
    {
        if (envelope.Element(Soap11 + "Header") is not { } header) return null;
        foreach (var entry in header.Elements())
        {
            // An entry for another actor is not ours to understand (§4.2.2); no actor means the ultimate receiver, us.
            var actor = entry.Attribute(Soap11 + "actor")?.Value.Trim();
            if (actor is { Length: > 0 } && actor != NextActor) continue;
            if (entry.Attribute(Soap11 + "mustUnderstand")?.Value.Trim() is "1" or "true") return entry;
        }
        return null;
    }
}
