using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.Extensions.Options;

namespace NodeSimulator.Soap;

// The official paForNode XSDs, when available: the simulator checks what it sends and what the station answers, as
// the Node does (an invalid answer becomes PPT_STAZIONE_INT_PA_ERRORE_RESPONSE). They come with the build (the copies
// the station ships, under pagopa-schemas/), else from a ../shared/specs/pagopa found above the working directory;
// without either, validation is off and results say so.
internal sealed class SoapSchemas
{
    private readonly XmlSchemaSet? _set;

    public SoapSchemas(IOptions<NodeOptions> options, ILogger<SoapSchemas> logger)
    {
        var directory = options.Value.SchemaDirectory is { Length: > 0 } configured ? configured : Discover();
        var paForNode = directory is null ? null : Path.Combine(directory, "wsdl", "xsd", "paForNode.xsd");
        if (paForNode is null || !File.Exists(paForNode))
        {
            logger.LogWarning("paForNode.xsd not found (Node__SchemaDirectory={Directory}): SOAP schema validation is off", directory);
            return;
        }
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        using (var reader = XmlReader.Create(paForNode, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
            set.Add(null, reader);
        set.Compile();
        _set = set;
        logger.LogInformation("Validating SOAP messages against {Schema}", paForNode);
    }

    public bool Enabled => _set is not null;

    // XSD errors of one paForNode payload element (the SOAP Body's child); empty when valid or when off.
    public IReadOnlyList<string> Validate(XElement payload)
    {
        if (_set is null) return [];
        var errors = new List<string>();
        new XDocument(new XElement(payload)).Validate(_set, (_, e) => errors.Add(e.Message));
        return errors;
    }

    private static string? Discover()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "pagopa-schemas");
        if (File.Exists(Path.Combine(shipped, "wsdl", "xsd", "paForNode.xsd"))) return shipped;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "specs", "pagopa");
                if (File.Exists(Path.Combine(candidate, "wsdl", "xsd", "paForNode.xsd"))) return candidate;
            }
        }
        return null;
    }
}
