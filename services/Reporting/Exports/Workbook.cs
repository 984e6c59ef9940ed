using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Reporting.Exports;

// A plain XLSX: one sheet per table, a header row, numbers as numbers and everything else as inline text.
internal static class Workbook
{
    public static byte[] Write(IReadOnlyList<(string Name, string[] Columns, List<object?[]> Rows)> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var list = workbook.Workbook.AppendChild(new Sheets());
            foreach (var (sheet, index) in sheets.Select((s, i) => (s, i)))
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.AppendChild(Row(sheet.Columns));
                foreach (var row in sheet.Rows) data.AppendChild(Row(row));
                part.Worksheet = new Worksheet(data);
                list.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)index + 1, Name = sheet.Name });
            }
        }
        return stream.ToArray();
    }

    private static Row Row(IEnumerable<object?> values) => new(values.Select(Cell));

    private static Cell Cell(object? value) => value switch
    {
        long or int => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToDecimal(value)) },
        _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value?.ToString() ?? "")) },
    };
}
