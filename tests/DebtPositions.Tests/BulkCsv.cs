using System.Text;

namespace DebtPositions.Tests;

// Import files in the documented CSV layout (docs/notes/DebtPositions.md "Bulk import").
internal static class BulkCsv
{
    public const string Header =
        "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban";

    public static string Due(int days = 30) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd");

    // Row i of a file whose IUPDs start with prefix; edit spoils chosen rows.
    public static string Row(string prefix, int i, Func<int, string[], string[]>? edit = null)
    {
        string[] fields = [$"{prefix}-{i:D6}", "F", "RSSMRA80A01H501U", "Mario Rossi", "Comune di Demo", "TARI 2026", (1_000 + i).ToString(),
            Due(), "TARI 2026 rata unica", "9/0101108TS/", Positions.Iban];
        return string.Join(',', edit?.Invoke(i, fields) ?? fields);
    }

    public static string File(string prefix, int rows, Func<int, string[], string[]>? edit = null)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++) text.Append(Row(prefix, i, edit)).Append('\n');
        return text.ToString();
    }

    public static StringContent Content(string csv) => new(csv, Encoding.UTF8, "text/csv");
}
