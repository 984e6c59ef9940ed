using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace NodeAdapter.Soap;

// The official paForNode schemas, compiled once from the assembly's embedded copies (Schemas/), and the validation of
// a request or response body element against them.
internal sealed class SoapSchemas
{
    public const string WsdlFile = "paForNode.wsdl";
    public const string PaForNodeXsd = "paForNode.xsd";
    public const string CommonTypesXsd = "sac-common-types-1.0.xsd";
    private const int MaxReportedErrors = 5;

    public SoapSchemas()
    {
        // No resolver: the import of the common types is satisfied by the schema added first,
        // never by fetching schemaLocation from disk or network.
        Set = new XmlSchemaSet { XmlResolver = null };
        Set.Add(ReadSchema(CommonTypesXsd));
        Set.Add(ReadSchema(PaForNodeXsd));
        Set.Compile();
    }

    public XmlSchemaSet Set { get; }

    // The XSD errors of element (a global element of paForNode), at most a few; empty when valid.
    public IReadOnlyList<string> Validate(XElement element)
    {
        var errors = new List<string>();
        void Collect(object? sender, ValidationEventArgs e)
        {
            if (e.Severity == XmlSeverityType.Error && errors.Count < MaxReportedErrors) errors.Add(e.Message);
        }
        // Validating the tree in place against its global element declaration: the same checks and
        // messages as a validating XmlReader over it, at a fraction of the cost (no reader stack to
        // build per call; docs/bench/station.md). A name the schemas do not declare is validated as a
        // document, where it is only a warning, exactly as before.
        if (Set.GlobalElements[new XmlQualifiedName(element.Name.LocalName, element.Name.NamespaceName)] is XmlSchemaElement declared)
            element.Validate(declared, Set, Collect);
        else
            new XDocument(new XElement(element)).Validate(Set, Collect);
        return errors;
    }

    public static string ReadResource(string file)
    {
        using var stream = Open(file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static XmlSchema ReadSchema(string file)
    {
        using var stream = Open(file);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XmlSchema.Read(reader, null)!;
    }

    private static Stream Open(string file) =>
        typeof(SoapSchemas).Assembly.GetManifestResourceStream("NodeAdapter.Schemas." + file)
        ?? throw new InvalidOperationException($"embedded schema {file} is missing");
}
