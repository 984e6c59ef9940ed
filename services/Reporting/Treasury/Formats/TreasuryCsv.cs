using nietras.SeparatedValues;

namespace Reporting.Treasury.Formats;

// Our CSV layout for every bank that sends neither camt nor OPI (documented in docs/treasury.md): UTF-8, ';'
// separated, RFC 4180 quoting, this header first, one movement per line.
internal static class TreasuryCsv
{
    public const string Format = "csv";
    public const string Version = "1";
    public static readonly string[] Columns =
        ["account", "booking_date", "value_date", "direction", "amount", "currency", "bank_reference", "trn", "counterparty", "remittance"];
    public static readonly string Header = string.Join(';', Columns);
    private static readonly string[] Directions = ["C", "D", "RC", "RD"];

    public static bool Looks(string text) => text.TrimStart('\uFEFF').StartsWith("account;", StringComparison.OrdinalIgnoreCase);

    public static ParsedStatement Read(string text)
    {
        var problems = new List<FileProblem>();
        var movements = new List<StatementMovement>();
        using var reader = Sep.New(';').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text);
        if (!reader.Header.ColNames.Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(Columns))
            return ParsedStatement.Refused(Format, Version, [new("line 1", $"the header must be exactly: {Header}")]);
        foreach (var row in reader)
        {
            if (problems.Count >= 10) break;
            var line = $"line {row.LineNumberFrom}";
            if (row.ColCount != Columns.Length)
            {
                problems.Add(new(line, $"{row.ColCount} fields, {Columns.Length} expected"));
                continue;
            }
            var fields = new Dictionary<string, string>();
            foreach (var column in Columns) fields[column] = row[column].ToString().Trim();
            var movement = Movement(fields, line, problems);
            if (movement is not null) movements.Add(movement);
        }
        return problems.Count > 0 ? ParsedStatement.Refused(Format, Version, problems) : new ParsedStatement(Format, Version, movements, []);
    }

    // One movement from its fields by column name (line says where it is), or null with its problems added.
    public static StatementMovement? Movement(Dictionary<string, string> fields, string line, List<FileProblem> problems)
    {
        string Field(string name) => fields[name];
        string? Optional(string name) => Field(name) is { Length: > 0 } v ? v : null;
        var before = problems.Count;
        void Problem(string column, string message) => problems.Add(new($"{line}, column {column}", message));

        var account = Field("account");
        if (account.Length is 0 or > 34) Problem("account", "the account (IBAN or treasury account) is required, at most 34 characters");
        var booking = Xml.Date(Optional("booking_date"));
        if (booking is null || Field("booking_date").Length != 10) Problem("booking_date", "a date yyyy-MM-dd is required");
        var value = Optional("value_date");
        if (value is not null && (value.Length != 10 || Xml.Date(value) is null)) Problem("value_date", "a date yyyy-MM-dd, or empty");
        var direction = Field("direction").ToUpperInvariant();
        if (!Directions.Contains(direction)) Problem("direction", "C (credit), D (debit), RC (reversal of a credit) or RD (reversal of a debit)");
        var amount = Field("amount").Replace(',', '.');
        var cents = amount.Length > 0 && amount[0] != '-' ? Xml.Cents(amount) : null;
        if (cents is not > 0 || amount.Contains('.') && amount.Length - amount.IndexOf('.') > 3)
            Problem("amount", "a positive amount in euro with at most two decimals ('.' or ',')");
        var currency = Optional("currency") ?? "EUR";
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) Problem("currency", "an ISO 4217 code such as EUR, or empty");
        if (problems.Count > before) return null;
        return new StatementMovement(line, account, currency,
            IsCredit: direction is "C" or "RD", IsReversal: direction.StartsWith('R'), IsBooked: true,
            cents!.Value, booking!.Value, Xml.Date(value), Optional("bank_reference"), Optional("trn"), null,
            Optional("counterparty"), Field("remittance"));
    }
}
