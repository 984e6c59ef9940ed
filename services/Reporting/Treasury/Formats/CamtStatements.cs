using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Reporting.Treasury.Formats;

// ISO 20022 camt.053 (statement) and camt.054 (notification), every version whose schema we hold, and the Italian CBI
// XML statement (camt.053.001.02 under CBI's own namespace, bare or inside its envelope). One reading for all: the
// versions differ in namespaces and a few paths (RECONCILIATION.md §1.1–§1.3), not in meaning.
internal static partial class CamtStatements
{
    public const string Format = "camt";
    public const string CbiFormat = "cbi";
    private const string CamtNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";
    private static readonly XNamespace Camt053V2 = CamtNamespacePrefix + "camt.053.001.02";

    public static bool IsCamt(XElement root) => root.Name.NamespaceName.StartsWith(CamtNamespacePrefix + "camt.05", StringComparison.Ordinal);

    public static bool IsCbi(XElement root) => root.Name.NamespaceName.StartsWith("urn:CBI:xsd:", StringComparison.Ordinal);

    public static ParsedStatement ReadCamt(XDocument document)
    {
        var version = document.Root!.Name.NamespaceName[CamtNamespacePrefix.Length..];
        if (!CamtVersion().IsMatch(version) || !TreasurySchemas.Exists(TreasurySchemas.Camt(version)))
            return ParsedStatement.Refused(Format, version, [new("root element", $"{version} is not a supported message: camt.053.001.02/.08 and camt.054.001.02/.04/.08 are")]);
        var problems = TreasurySchemas.Validate(document, TreasurySchemas.Camt(version));
        if (problems.Count > 0) return ParsedStatement.Refused(Format, version, problems);
        var message = document.Root!.Elements().Single();
        var reports = message.All("Stmt").Concat(message.All("Ntfctn")).Concat(message.All("Rpt"));
        return Movements(Format, version, reports, message.Name.LocalName);
    }

    // Each CBI statement is checked against camt.053.001.02 (its base) under that namespace: CBI's own schemas are
    // not public.
    public static ParsedStatement ReadCbi(XDocument document)
    {
        var messages = document.Root!.DescendantsAndSelf()
            .Where(e => e.Name.LocalName is "CBIDlyStmtReqLogMsg" or "CBIPrdcStmtReqLogMsg").ToList();
        const string version = "CBI 00.01.02";
        if (messages.Count == 0)
            return ParsedStatement.Refused(CbiFormat, version, [new("root element", "no CBIDlyStmtReqLogMsg or CBIPrdcStmtReqLogMsg statement inside")]);
        var statements = new List<XElement>();
        var problems = new List<FileProblem>();
        foreach (var (message, index) in messages.Select((m, i) => (m, i + 1)))
        {
            var asCamt = new XDocument(new XElement(Camt053V2 + "Document", new XElement(Camt053V2 + "BkToCstmrStmt", message.Elements().Select(Renamed))));
            problems.AddRange(TreasurySchemas.Validate(asCamt, TreasurySchemas.Camt("camt.053.001.02"))
                .Select(p => p with { Where = $"statement message {index} ({message.Name.LocalName}), {p.Where}" }));
            statements.AddRange(message.All("Stmt"));
        }
        return problems.Count > 0 ? ParsedStatement.Refused(CbiFormat, version, problems.Take(10).ToList()) : Movements(CbiFormat, version, statements, "Stmt");
    }

    // The renamed copy has no line numbers: its problems name the element's path instead. CBI files wrap long texts
    // over indented lines (RECONCILIATION.md §1.3); the schema's 140 characters count the text, not the layout.
    private static XElement Renamed(XElement element) => new(Camt053V2 + element.Name.LocalName,
        element.Attributes().Where(a => !a.IsNamespaceDeclaration),
        element.Nodes().Select(n => n switch
        {
            XElement child => Renamed(child),
            XText text => new XText(string.Join(' ', text.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))),
            _ => n,
        }));

    private static ParsedStatement Movements(string format, string version, IEnumerable<XElement> reports, string reportName)
    {
        var movements = new List<StatementMovement>();
        var problems = new List<FileProblem>();
        var balances = new List<StatementBalance>();
        foreach (var (report, r) in reports.Select((x, i) => (x, i + 1)))
        {
            var account = report.Path("Acct", "Id", "IBAN").Text() ?? report.Path("Acct", "Id", "Othr", "Id").Text() ?? "";
            var reportDate = Xml.Date(report.E("CreDtTm").Text());
            foreach (var (entry, n) in report.All("Ntry").Select((x, i) => (x, i + 1)))
                movements.AddRange(CamtEntry.Read(entry, $"{report.Name.LocalName}[{r}]/Ntry[{n}]", account, reportDate, problems));
            if (report.Name.LocalName == "Stmt" && CamtBalances.Check(report, $"Stmt[{r}]", account) is { } balance) balances.Add(balance);
        }
        return problems.Count > 0 ? ParsedStatement.Refused(format, version, problems.Take(10).ToList()) : new ParsedStatement(format, version, movements, [], balances);
    }

    [GeneratedRegex(@"^camt\.05[34]\.001\.\d\d$")]
    private static partial Regex CamtVersion();
}
