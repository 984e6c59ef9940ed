using System.Runtime.CompilerServices;
using System.Text;

namespace DebtPositions.Bulk;

// Reads an import CSV row by row from a stream (UTF-8, header first; see CsvLayout).
internal static class CsvPositions
{
    // What is wrong with the header at the start of a file, or null (the upload's early check).
    public static string? CheckHeader(ReadOnlySpan<byte> start)
    {
        var records = new CsvRecords(new StringReader(Encoding.UTF8.GetString(start).TrimStart('\uFEFF')));
        if (!records.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()) return "the file is empty";
        return CsvLayout.CheckHeader(records.Fields.Select(h => h.Trim()).ToList());
    }

    public static async IAsyncEnumerable<ImportRow> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var records = new CsvRecords(text);
        if (!await records.ReadAsync(ct)) throw new InvalidDataException("the file is empty");
        var columns = records.Fields.Select(h => h.Trim()).ToList();
        if (CsvLayout.CheckHeader(columns) is { } problem) throw new InvalidDataException(problem);
        var index = columns.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        while (await records.ReadAsync(ct))
        {
            var record = records.Fields;
            if (record.Count != columns.Count)
            {
                yield return new ImportRow(records.Line, null,
                    new() { ["row"] = [$"the row has {record.Count} fields, the header {columns.Count}"] }, CsvLayout.ColumnOf);
                continue;
            }
            var (draft, errors) = CsvLayout.Read(name => index.TryGetValue(name, out var i) ? record[i] : null);
            yield return new ImportRow(records.Line, draft, errors, CsvLayout.ColumnOf, record[index["iupd"]].Trim());
        }
    }
}
