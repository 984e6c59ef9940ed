using System.Xml.Linq;

namespace Reporting.Treasury.Formats;

// The treasurer's OPI "Giornale di Cassa" (SIOPE+), versions 1.4 to 1.8 (RECONCILIATION.md §2). pagoPA money is
// booked as a provisional receipt (SOSPESO ENTRATA) whose causale is the SCT remittance; a STORNATO movement reverses
// one. Other documents (mandati, reversali regularising provisionals) are kept but are not collections.
internal static class OpiGiornaleDiCassa
{
    public const string Format = "opi";
    public const string RootName = "flusso_giornale_di_cassa";
    private static readonly string[] LaterVersions = ["1.8", "1.7.1", "1.6.1"];

    public static ParsedStatement Read(XDocument document)
    {
        var root = document.Root!;
        var candidates = root.E("data_riferimento_GdC") is null && root.E("data_inizio_periodo_riferimento") is not null ? ["1.4"] : LaterVersions;
        var results = candidates.Select(v => (Version: v, Problems: TreasurySchemas.Validate(document, TreasurySchemas.Opi(v)))).ToList();
        var (version, problems) = results.FirstOrDefault(r => r.Problems.Count == 0);
        if (version is null)
        {
            var closest = results.OrderBy(r => r.Problems.Count).First();
            return ParsedStatement.Refused(Format, closest.Version, closest.Problems);
        }
        var year = int.TryParse(root.E("esercizio").Text(), out var y) ? y : (int?)null;
        var movements = new List<StatementMovement>();
        foreach (var (account, a) in root.All("informazioni_conto_evidenza").Select((x, i) => (x, i + 1)))
        foreach (var (movement, m) in account.All("movimento_conto_evidenza").Select((x, i) => (x, i + 1)))
            movements.Add(Movement(movement, $"informazioni_conto_evidenza[{a}]/movimento_conto_evidenza[{m}]", account.E("conto_evidenza").Text() ?? "", year));
        return new ParsedStatement(Format, version, movements, problems);
    }

    private static StatementMovement Movement(XElement m, string where, string account, int? year)
    {
        var operation = m.E("tipo_operazione").Text();
        var document = m.E("tipo_documento").Text();
        var credit = m.E("tipo_movimento").Text() == "ENTRATA";
        return new StatementMovement(where, account, "EUR",
            // A STORNATO entrata takes the money back out: the same direction as camt's reversal of a credit.
            IsCredit: operation == "STORNATO" ? !credit : credit,
            IsReversal: operation == "STORNATO",
            IsBooked: operation is "ESEGUITO" or "STORNATO",
            // The schema bounds importo to two decimals, so the conversion is exact.
            Xml.Cents(m.E("importo").Text() ?? "0") ?? 0,
            Xml.Date(m.E("data_movimento").Text())!.Value,
            Xml.Date(m.E("data_valuta_ente").Text()),
            m.E("numero_bolletta_quietanza").Text(),
            m.E("codice_riferimento_operazione").Text(),
            m.E("end_to_end_id").Text(),
            m.Path("cliente", "anagrafica_cliente").Text(),
            m.E("causale").Text() ?? "",
            year,
            document == "SOSPESO ENTRATA" ? m.E("numero_documento").Text() : null,
            CollectionDocument: !credit || document == "SOSPESO ENTRATA");
    }
}
