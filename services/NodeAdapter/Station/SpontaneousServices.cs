using NodeAdapter.Notices;
using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace NodeAdapter.Station;

// The part of the spontaneous-service catalogue the station needs to check a paDemandPaymentNotice: which XSD
// validates each service's datiSpecificiServizio. First the EC's own catalogue as DebtPositions announced it (our copy
// in spontaneous_services, ADR 0092: a service defined through the API is offered at once, and answering never waits
// on another service), then the configuration (Station__SpontaneousServices__<idServizio> = schema file, any EC).
// The catalogue itself (amounts, transfers, fields) is DebtPositions'.
internal sealed class SpontaneousServices(IOptions<StationOptions> options)
{
    // The service schemas shipped in Schemas/ (see its README).
    public static readonly IReadOnlySet<string> KnownSchemas = new HashSet<string>(StringComparer.Ordinal)
    {
        "general-service.xsd", "TassaAutomobilistica_1_1_0.xsd",
    };

    private readonly ConcurrentDictionary<string, XmlSchemaSet> _sets = new(StringComparer.Ordinal);

    // The schema file of the EC's service, or null when the station does not offer it.
    public async Task<string?> SchemaOfAsync(NodeAdapterDb db, string organization, string serviceId, CancellationToken ct) =>
        await db.OfferedServices.AsNoTracking()
            .Where(s => s.OrganizationFiscalCode == organization && s.ServiceId == serviceId)
            .Select(s => s.SchemaFile).SingleOrDefaultAsync(ct)
        ?? options.Value.SpontaneousServices.GetValueOrDefault(serviceId);

    // The decoded service data, or the reasons it is not valid for the service's XSD.
    public (XDocument? Data, IReadOnlyList<string> Errors) Check(string schemaFile, string serviceId, byte[] data)
    {
        var set = _sets.GetOrAdd(schemaFile, Compile);
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(data), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 1024,
            });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return (null, ["not well-formed XML: " + e.Message]);
        }
        // A root the schema does not declare is only a validation *warning*: refuse it explicitly.
        var root = document.Root!.Name;
        if (!set.GlobalElements.Contains(new XmlQualifiedName(root.LocalName, root.NamespaceName)))
            return (null, [$"root element {root} is not the one of service {serviceId}"]);
        var errors = new List<string>();
        document.Validate(set, (_, e) => { if (e.Severity == XmlSeverityType.Error && errors.Count < 5) errors.Add(e.Message); });
        return errors.Count == 0 ? (document, []) : (null, errors);
    }

    private static XmlSchemaSet Compile(string file)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var stream = typeof(SpontaneousServices).Assembly.GetManifestResourceStream("NodeAdapter.Schemas." + file)
            ?? throw new InvalidOperationException($"embedded schema {file} is missing");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    }
}
