using System.Globalization;

namespace DebtPositions.Bulk;

// The CSV import format (docs/notes/DebtPositions.md "Bulk import"): one row = one position with one notice and one
// transfer to the EC itself, amounts in euro cents. Columns are named in the header, in any order; unknown columns
// are refused so a typo cannot silently drop a field.
internal static class CsvLayout
{
    // Column → the validator's path of the draft field it fills (how validator errors are renamed back).
    private static readonly Dictionary<string, string> Paths = new(StringComparer.Ordinal)
    {
        ["iupd"] = "iupd", ["debtorType"] = "type", ["debtorFiscalCode"] = "fiscalCode", ["debtorFullName"] = "fullName",
        ["debtorStreetName"] = "streetName", ["debtorCivicNumber"] = "civicNumber", ["debtorPostalCode"] = "postalCode",
        ["debtorCity"] = "city", ["debtorProvince"] = "province", ["debtorCountry"] = "country", ["debtorEmail"] = "email",
        ["companyName"] = "companyName", ["officeName"] = "officeName", ["validityDate"] = "validityDate",
        ["switchToExpired"] = "switchToExpired", ["revenueType"] = "revenueType", ["externalReference"] = "externalReference",
        ["iuv"] = "paymentOption[0].iuv", ["description"] = "paymentOption[0].description", ["amount"] = "paymentOption[0].amount",
        ["dueDate"] = "paymentOption[0].dueDate", ["retentionDate"] = "paymentOption[0].retentionDate",
        ["remittanceInformation"] = "paymentOption[0].transfer[0].remittanceInformation",
        ["category"] = "paymentOption[0].transfer[0].category", ["iban"] = "paymentOption[0].transfer[0].iban",
        ["postalIban"] = "paymentOption[0].transfer[0].postalIban",
        ["accountingChapter"] = "paymentOption[0].transfer[0].accountingChapter",
        ["accountingAssessment"] = "paymentOption[0].transfer[0].accountingAssessment",
    };

    // Validator path → column; a few paths have no column of their own.
    private static readonly Dictionary<string, string> Columns = new(Paths.ToDictionary(p => p.Value, p => p.Key), StringComparer.Ordinal)
    {
        ["paymentOption[0].transfer[0].amount"] = "amount",
        ["paymentOption"] = "row",
        ["paymentOption[0].transfer"] = "row",
    };

    public static readonly string[] Required =
        ["iupd", "debtorType", "debtorFiscalCode", "debtorFullName", "companyName", "description", "amount", "dueDate", "remittanceInformation", "category"];

    public static IReadOnlyCollection<string> Known => Paths.Keys;

    // The validator's path as a column name (the column itself when the path is one).
    public static string ColumnOf(string path) => Columns.TryGetValue(path, out var column) ? column : path;

    // What is wrong with a header, or null.
    public static string? CheckHeader(IReadOnlyList<string> header)
    {
        var unknown = header.Where(h => !Paths.ContainsKey(h)).ToList();
        if (unknown.Count > 0) return $"unknown column(s) {string.Join(", ", unknown)}; the columns are {string.Join(", ", Paths.Keys)}";
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0) return $"missing required column(s) {string.Join(", ", missing)}";
        if (!header.Contains("iban") && !header.Contains("postalIban")) return "an iban or postalIban column is required";
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"column {duplicate.Key} appears twice";
    }

    // A row as a draft (one option, one transfer to the EC), or the columns that cannot be read.
    public static (PositionDraft? Draft, Dictionary<string, string[]>? Errors) Read(Func<string, string?> field)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        // The rule every request body obeys (ServiceDefaults.Web.PlainText): the row is refused, not the file.
        foreach (var column in Paths.Keys)
            if (field(column) is { } value && ServiceDefaults.Web.PlainText.Problem(value) is { } control) errors[column] = [$"{column} {control}"];
        if (errors.Count > 0) return (null, errors);
        long? amount = null;
        if (Text(field("amount")) is { } a)
        {
            if (long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var cents)) amount = cents;
            else errors["amount"] = ["amount is a whole number of euro cents (e.g. 12050 for 120.50 EUR)"];
        }
        var due = Date(field("dueDate"), "dueDate", errors);
        var retention = Date(field("retentionDate"), "retentionDate", errors);
        var validity = Date(field("validityDate"), "validityDate", errors);
        bool? switchToExpired = false;
        if (Text(field("switchToExpired")) is { } s)
        {
            if (bool.TryParse(s, out var b)) switchToExpired = b;
            else errors["switchToExpired"] = ["switchToExpired is true or false"];
        }
        if (errors.Count > 0) return (null, errors);

        var transfer = new TransferDraft("1", amount, null, null, Text(field("remittanceInformation")), Text(field("category")),
            Text(field("iban")), Text(field("postalIban")), null, null, Text(field("accountingChapter")), Text(field("accountingAssessment")));
        var option = new OptionDraft(Text(field("iuv")), amount, Text(field("description")), false, due, retention, 0, [transfer], null);
        var debtor = new DebtorDraft(Text(field("debtorType")), Text(field("debtorFiscalCode")), Text(field("debtorFullName")),
            Text(field("debtorStreetName")), Text(field("debtorCivicNumber")), Text(field("debtorPostalCode")), Text(field("debtorCity")),
            Text(field("debtorProvince")), null, Text(field("debtorCountry")), Text(field("debtorEmail")), null);
        return (new PositionDraft(Text(field("iupd")), debtor, Text(field("companyName")), Text(field("officeName")), switchToExpired, true,
            validity, Text(field("revenueType")), Text(field("externalReference")), [option]), null);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // A date is the end of that day in Italy (GPD carries instants); an instant is taken as written.
    private static DateTimeOffset? Date(string? value, string column, Dictionary<string, string[]> errors)
    {
        if (Text(value) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (ServiceDefaults.Web.RequestBounds.DayProblem(day) is not { } far) return ServiceDefaults.Time.RomeCalendar.EndOfDay(day);
            errors[column] = [$"{column} {far}"];
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)) return instant;
        errors[column] = [$"{column} is a date (yyyy-MM-dd) or an ISO 8601 instant"];
        return null;
    }
}
