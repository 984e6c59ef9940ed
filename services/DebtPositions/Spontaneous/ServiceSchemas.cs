using System.Collections.Frozen;
using System.Xml;
using System.Xml.Schema;

namespace DebtPositions.Spontaneous;

// The service schemas the station ships (the same files, embedded here too), read as what a form can fill: the root
// element, its namespace, and the leaf elements under it by path ("veicoloConTarga/veicoloTarga"), in document order,
// with whether the schema requires them. A root whose content is xsd:any (GPD's general service) is open: any element
// name is accepted and none is required.
internal static class ServiceSchemas
{
    public const string GeneralService = "general-service.xsd";

    public sealed record Leaf(string Path, bool Required, int? MaxLength, IReadOnlyList<string> Enumeration);

    public sealed record Outline(string File, string Root, string Namespace, bool Open, IReadOnlyList<Leaf> Leaves)
    {
        public Leaf? Find(string path) => Leaves.FirstOrDefault(l => l.Path == path);
    }

    private static readonly FrozenDictionary<string, Outline> Outlines = Load();

    public static IEnumerable<string> Files => Outlines.Keys.Order(StringComparer.Ordinal);

    public static Outline? Find(string? file) => file is not null && Outlines.TryGetValue(file, out var outline) ? outline : null;

    private static FrozenDictionary<string, Outline> Load()
    {
        const string prefix = "DebtPositions.ServiceSchemas.";
        var assembly = typeof(ServiceSchemas).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => Read(n[prefix.Length..], assembly.GetManifestResourceStream(n)!))
            .ToFrozenDictionary(o => o.File, StringComparer.Ordinal);
    }

    private static Outline Read(string file, Stream stream)
    {
        using (stream)
        {
            var set = new XmlSchemaSet { XmlResolver = null };
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            set.Add(XmlSchema.Read(reader, null)!);
            set.Compile();
            var root = set.GlobalElements.Values.Cast<XmlSchemaElement>().Single();
            var leaves = new List<Leaf>();
            var open = false;
            Walk(root, "", true, leaves, ref open);
            return new Outline(file, root.QualifiedName.Name, root.QualifiedName.Namespace, open, leaves);
        }
    }

    private static void Walk(XmlSchemaElement element, string path, bool required, List<Leaf> leaves, ref bool open)
    {
        if (element.ElementSchemaType is XmlSchemaComplexType { ContentTypeParticle: XmlSchemaGroupBase group })
        {
            WalkGroup(group, path, required, leaves, ref open);
            return;
        }
        if (path.Length == 0) return;
        var facets = (element.ElementSchemaType as XmlSchemaSimpleType)?.Content is XmlSchemaSimpleTypeRestriction restriction
            ? restriction.Facets.Cast<XmlSchemaFacet>().ToList() : [];
        var maxLength = facets.OfType<XmlSchemaMaxLengthFacet>().Select(f => int.Parse(f.Value!, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        leaves.Add(new Leaf(path, required, maxLength == 0 ? null : maxLength, facets.OfType<XmlSchemaEnumerationFacet>().Select(f => f.Value!).ToList()));
    }

    private static void WalkGroup(XmlSchemaGroupBase group, string path, bool required, List<Leaf> leaves, ref bool open)
    {
        // Only one branch of a choice with several is ever present: none of them is required on its own.
        var itemsRequired = required && group.MinOccurs >= 1 && (group is not XmlSchemaChoice || group.Items.Count == 1);
        foreach (var item in group.Items)
        {
            switch (item)
            {
                case XmlSchemaElement child:
                    Walk(child, path.Length == 0 ? child.QualifiedName.Name : path + "/" + child.QualifiedName.Name,
                        itemsRequired && child.MinOccurs >= 1, leaves, ref open);
                    break;
                case XmlSchemaGroupBase nested:
                    WalkGroup(nested, path, itemsRequired, leaves, ref open);
                    break;
                case XmlSchemaAny:
                    if (path.Length == 0) open = true;
                    break;
            }
        }
    }
}
