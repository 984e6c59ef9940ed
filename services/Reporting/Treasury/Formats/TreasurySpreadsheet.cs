using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Reporting.Treasury.Formats;

// Our CSV layout (TreasuryCsv) in the first sheet of a spreadsheet, as municipalities keep the movements their bank's
// home banking exports: Excel 97–2003 (.xls) or 2007 and later (.xlsx). The header row first, one movement a row;
// date cells and number cells are read as the CSV's text would be (yyyy-MM-dd, a decimal point).
internal static class TreasurySpreadsheet
{
    public const string Format = "xls";
    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Zip = [(byte)'P', (byte)'K', 3, 4];

    static TreasurySpreadsheet() =>
        // .xls files name their text's code page (Windows-1252 and the like), which .NET does not carry by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool Looks(byte[] file) => file.AsSpan().StartsWith(Ole2) || file.AsSpan().StartsWith(Zip);

    public static ParsedStatement Read(byte[] file)
    {
        var version = file.AsSpan().StartsWith(Ole2) ? "xls" : "xlsx";
        List<object?[]> rows;
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(file));
            rows = [];
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.GetValue(i);
                rows.Add(row);
            }
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or IOException
                                      or NotSupportedException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            return ParsedStatement.Refused(Format, version, [new("file", $"not a spreadsheet we can read: {e.Message}")]);
        }
        var header = rows.Count == 0 ? [] : rows[0].Select(Text).Select(h => h.ToLowerInvariant()).ToArray();
        var columns = TreasuryCsv.Columns.Select(c => Array.IndexOf(header, c)).ToArray();
        if (!header.Where(h => h.Length > 0).SequenceEqual(TreasuryCsv.Columns) || columns.Any(c => c < 0))
            return ParsedStatement.Refused(Format, version, [new("sheet 1, row 1", $"the header row must be exactly: {string.Join(", ", TreasuryCsv.Columns)}")]);

        var problems = new List<FileProblem>();
        var movements = new List<StatementMovement>();
        for (var r = 1; r < rows.Count && problems.Count < 10; r++)
        {
            if (rows[r].All(v => Text(v).Length == 0)) continue;   // spreadsheets keep empty rows below the data
            var fields = new Dictionary<string, string>();
            for (var c = 0; c < columns.Length; c++)
                fields[TreasuryCsv.Columns[c]] = columns[c] < rows[r].Length ? Text(rows[r][columns[c]]) : "";
            if (TreasuryCsv.Movement(fields, $"sheet 1, row {r + 1}", problems) is { } movement) movements.Add(movement);
        }
        return problems.Count > 0 ? ParsedStatement.Refused(Format, version, problems.Take(10).ToList()) : new ParsedStatement(Format, version, movements, []);
    }

    // A cell as the CSV would carry it.
    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => ((decimal)n).ToString("0.##########", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };
}
