using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Reporting.Treasury.Formats;

// The official schemas a statement is checked against before anything of it is read (copied in Treasury/Schemas , see
// its README). Compiled once per schema file, on first use.
internal static class TreasurySchemas
{
    private const int MaxProblems = 10;
    private static readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> Sets = new();

    public static string Camt(string messageVersion) => $"iso20022/{messageVersion}.xsd";

    public static string Opi(string version) => $"opi/OPI_GIORNALE_DI_CASSA_V_{version.Replace('.', '_')}.xsd";

    public static bool Exists(string relativePath) => File.Exists(PathOf(relativePath));

    // The first schema problems of document, each with its line and position.
    public static List<FileProblem> Validate(XDocument document, string relativePath)
    {
        var problems = new List<FileProblem>();
        var set = Sets.GetOrAdd(relativePath, p => new Lazy<XmlSchemaSet>(() => Compile(p))).Value;
        document.Validate(set, (sender, e) =>
        {
            if (problems.Count >= MaxProblems) return;
            problems.Add(new FileProblem(Where(sender as XObject, e.Exception), e.Message));
        });
        return problems;
    }

    private static string Where(XObject? node, XmlSchemaException? exception)
    {
        var element = node as XElement ?? node?.Parent;
        var path = element is null ? "document"
            : string.Join('/', element.AncestorsAndSelf().Reverse().Select(e => e.Name.LocalName + Position(e)));
        var line = node as IXmlLineInfo;
        return line is { } info && info.HasLineInfo() ? $"line {info.LineNumber}, position {info.LinePosition} ({path})"
            : exception is { LineNumber: > 0 } ? $"line {exception.LineNumber}, position {exception.LinePosition} ({path})"
            : path;
    }

    private static string Position(XElement element)
    {
        if (element.Parent is null) return "";
        var same = element.Parent.Elements(element.Name).ToList();
        return same.Count > 1 ? $"[{same.IndexOf(element) + 1}]" : "";
    }

    private static string PathOf(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Treasury", "Schemas", relativePath);

    private static XmlSchemaSet Compile(string relativePath)
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        using var reader = XmlReader.Create(PathOf(relativePath), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}
