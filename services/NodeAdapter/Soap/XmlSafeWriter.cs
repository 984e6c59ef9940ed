using System.Xml;

namespace NodeAdapter.Soap;

// Writes through to another XmlWriter with every text and attribute value made XML-safe (XmlSafeText): an answer
// never fails on its content, whichever builder forgot to clean a value. Only the writer in ToEnvelope uses it;
// CheckCharacters stays on underneath, so anything that still slips through is an error, never ill-formed output.
internal sealed class XmlSafeWriter(XmlWriter inner) : XmlWriter
{
    public override void WriteString(string? text) => inner.WriteString(text is null ? null : XmlSafeText.Clean(text));

    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    public override void WriteCData(string? text) => inner.WriteCData(text is null ? null : XmlSafeText.Clean(text));

    public override void WriteComment(string? text) => inner.WriteComment(text is null ? null : XmlSafeText.Clean(text));

    public override void WriteWhitespace(string? ws) => inner.WriteWhitespace(ws);

    public override WriteState WriteState => inner.WriteState;
    public override XmlWriterSettings? Settings => inner.Settings;
    public override void Flush() => inner.Flush();
    public override string? LookupPrefix(string ns) => inner.LookupPrefix(ns);
    public override void WriteBase64(byte[] buffer, int index, int count) => inner.WriteBase64(buffer, index, count);
    public override void WriteCharEntity(char ch) => inner.WriteCharEntity(ch);
    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => inner.WriteDocType(name, pubid, sysid, subset);
    public override void WriteEndAttribute() => inner.WriteEndAttribute();
    public override void WriteEndDocument() => inner.WriteEndDocument();
    public override void WriteEndElement() => inner.WriteEndElement();
    public override void WriteEntityRef(string name) => inner.WriteEntityRef(name);
    public override void WriteFullEndElement() => inner.WriteFullEndElement();
    public override void WriteProcessingInstruction(string name, string? text) => inner.WriteProcessingInstruction(name, text);
    public override void WriteRaw(char[] buffer, int index, int count) => inner.WriteRaw(buffer, index, count);
    public override void WriteRaw(string data) => inner.WriteRaw(data);
    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => inner.WriteStartAttribute(prefix, localName, ns);
    public override void WriteStartDocument() => inner.WriteStartDocument();
    public override void WriteStartDocument(bool standalone) => inner.WriteStartDocument(standalone);
    public override void WriteStartElement(string? prefix, string localName, string? ns) => inner.WriteStartElement(prefix, localName, ns);
    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => inner.WriteSurrogateCharEntity(lowChar, highChar);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
