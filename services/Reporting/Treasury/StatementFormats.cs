using System.Text;
using System.Xml;
using System.Xml.Linq;
using Reporting.Treasury.Formats;

namespace Reporting.Treasury;

// Recognises a statement file (or takes the format the caller names) and reads it whole.
internal static class StatementFormats
{
    public static readonly string[] Names = [CamtStatements.Format, CamtStatements.CbiFormat, OpiGiornaleDiCassa.Format, TreasuryCsv.Format, CbiRh.Format, TreasurySpreadsheet.Format];

    public static ParsedStatement Read(byte[] file, string? format)
    {
        if (format is null or TreasurySpreadsheet.Format && TreasurySpreadsheet.Looks(file)) return TreasurySpreadsheet.Read(file);
        var text = Encoding.UTF8.GetString(file).TrimStart('\uFEFF');
        if (text.TrimStart().StartsWith('<')) return ReadXml(file, format);
        if (format is null or CbiRh.Format && CbiRh.Looks(text)) return CbiRh.Read(file);
        if (format is null or TreasuryCsv.Format && TreasuryCsv.Looks(text))
        {
            if (!IsUtf8(file)) return ParsedStatement.Refused(TreasuryCsv.Format, TreasuryCsv.Version, [new("file", "a CSV statement is UTF-8 text")]);
            return TreasuryCsv.Read(text);
        }
        return ParsedStatement.Refused(format ?? "unknown", "", [new("file", format is null
            ? $"not a statement we read: camt.053/054 or CBI XML, a CBI RH fixed-width statement, an OPI Giornale di Cassa, or our CSV whose first line is '{TreasuryCsv.Header}' (as text, or in the first sheet of an .xls/.xlsx)"
            : $"the file is not in the format '{format}' named by the request")]);
    }

    private static ParsedStatement ReadXml(byte[] file, string? format)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(file), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return ParsedStatement.Refused(format ?? "xml", "", [new($"line {e.LineNumber}, position {e.LinePosition}", e.Message)]);
        }
        var root = document.Root!;
        var detected = CamtStatements.IsCamt(root) ? CamtStatements.Format
            : CamtStatements.IsCbi(root) ? CamtStatements.CbiFormat
            : root.Name == OpiGiornaleDiCassa.RootName ? OpiGiornaleDiCassa.Format
            : null;
        if (detected is null || format is not null && format != detected)
            return ParsedStatement.Refused(format ?? "xml", "", [new("root element", detected is null
                ? $"<{root.Name.LocalName}> in namespace '{root.Name.NamespaceName}' is neither camt.053/054, a CBI statement nor an OPI Giornale di Cassa"
                : $"the file is {detected}, not the format '{format}' named by the request")]);
        return detected switch
        {
            CamtStatements.Format => CamtStatements.ReadCamt(document),
            CamtStatements.CbiFormat => CamtStatements.ReadCbi(document),
            _ => OpiGiornaleDiCassa.Read(document),
        };
    }

    private static bool IsUtf8(byte[] file)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(file);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
