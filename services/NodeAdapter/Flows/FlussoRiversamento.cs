using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Contracts.NodeAdapter;

namespace NodeAdapter.Flows;

// The legacy XML reporting flow (FlussoRiversamento). Valid when it validates against either published version: 1.0.4
// (esito 0/3/9) or 1.0.5 (esito 0/4/8/9); both share one namespace, so each lives in its own schema set (NOTES §3.1,
// §6.3).
internal static class FlussoRiversamento
{
    private static readonly XNamespace Pay = "http://www.digitpa.gov.it/schemas/2011/Pagamenti/";
    private static readonly XmlSchemaSet V104 = Compile("FlussoRiversamento_1_0_4.xsd");
    private static readonly XmlSchemaSet V105 = Compile("FlussoRiversamento_1_0_5.xsd");

    public static ReportingFlowDownloaded Parse(string organization, byte[] xml, long revision, DateTimeOffset now)
    {
        XDocument document;
        using (var reader = XmlReader.Create(new MemoryStream(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            document = XDocument.Load(reader);
        var errors104 = Validate(document, V104);
        if (errors104.Count > 0 && Validate(document, V105) is { Count: > 0 } errors105)
            throw new InvalidDataException($"not a valid FlussoRiversamento 1.0.4 ({errors104[0]}) nor 1.0.5 ({errors105[0]})");

        var flow = document.Root!;
        string Text(XElement e, string name) => e.Element(Pay + name)!.Value.Trim();
        var receiver = flow.Element(Pay + "istitutoRicevente")!.Element(Pay + "identificativoUnivocoRicevente")!;
        if (Text(receiver, "codiceIdentificativoUnivoco") != organization)
            throw new InvalidDataException($"flow addressed to {Text(receiver, "codiceIdentificativoUnivoco")}, not {organization}");
        var sender = flow.Element(Pay + "istitutoMittente")!.Element(Pay + "identificativoUnivocoMittente")!;
        var rows = flow.Elements(Pay + "datiSingoliPagamenti").Select((p, i) => new ReportedPayment(
            i + 1, Text(p, "identificativoUnivocoVersamento"), Text(p, "identificativoUnivocoRiscossione"),
            p.Element(Pay + "indiceDatiSingoloPagamento") is { } index ? int.Parse(index.Value, CultureInfo.InvariantCulture) : 1,
            Cents(Text(p, "singoloImportoPagato")), int.Parse(Text(p, "codiceEsitoSingoloPagamento"), CultureInfo.InvariantCulture),
            LegacyDates.Date(Text(p, "dataEsitoSingoloPagamento")))).ToList();
        return new ReportingFlowDownloaded(organization, Text(flow, "identificativoFlusso"), revision, Text(sender, "codiceIdentificativoUnivoco"),
            LegacyDates.Instant(Text(flow, "dataOraFlusso")), Text(flow, "identificativoUnivocoRegolamento"), LegacyDates.Date(Text(flow, "dataRegolamento")),
            flow.Element(Pay + "codiceBicBancaDiRiversamento")?.Value.Trim(),
            long.Parse(Text(flow, "numeroTotalePagamenti"), CultureInfo.InvariantCulture), Cents(Text(flow, "importoTotalePagamenti")),
            rows, "nodo-soap", now);
    }

    private static long Cents(string euros) => (long)Math.Round(decimal.Parse(euros, CultureInfo.InvariantCulture) * 100m);

    private static List<string> Validate(XDocument document, XmlSchemaSet set)
    {
        var errors = new List<string>();
        document.Validate(set, (_, e) => { if (e.Severity == XmlSeverityType.Error) errors.Add(e.Message); });
        if (document.Root?.Name != Pay + "FlussoRiversamento") errors.Add($"root element {document.Root?.Name} is not FlussoRiversamento");
        return errors;
    }

    private static XmlSchemaSet Compile(string file)
    {
        using var stream = typeof(FlussoRiversamento).Assembly.GetManifestResourceStream("NodeAdapter.Schemas." + file)
            ?? throw new InvalidOperationException($"embedded schema {file} is missing");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    }
}
