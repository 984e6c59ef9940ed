using System.Globalization;
using System.Text;

namespace Reporting.Treasury.Formats;

// The CBI "RH" fixed-width statement (CBI-RND-001, "Rendicontazione saldi e movimenti di conti correnti";
// RECONCILIATION.md §1.3): 120-character records, with or without line breaks. RH header; per account a 61 opening
// balance, 62 movements each followed by its 63 texts, a 64 closing balance and an optional 65 ; EF trailer. The 63
// texts come in two dialects: keyed lines ( YYY ordering party, ID1 message and end-to-end ids, RI1 / RI2 the
// remittance) and a tagged stream ( :E2E: … :RI3: … ) cut every 107 characters in the middle of its tokens, which is
// why those are joined as they are.
internal static class CbiRh
{
    public const string Format = "rh";
    public const string Version = "CBI RND-001";
    private const int RecordLength = 120;
    private static readonly HashSet<string> Keys = ["YYY", "YY2", "ZZ1", "ZZ2", "ZZ3", "ID1", "RI1", "RI2", "KKK"];

    public static bool Looks(string text) => text.StartsWith(" RH", StringComparison.Ordinal);

    // CBI files are single-byte text: read as Latin-1 so every record keeps its 120 characters.
    public static ParsedStatement Read(byte[] file)
    {
        var records = Records(Encoding.Latin1.GetString(file));
        var problems = new List<FileProblem>();
        var movements = new List<StatementMovement>();
        var balances = new List<StatementBalance>();
        Account? account = null;
        Movement? open = null;
        var statements = 0;
        for (var i = 0; i < records.Count && problems.Count < 10; i++)
        {
            var (line, record) = (i + 1, records[i]);
            var where = $"record {line}";
            if (record.Length != RecordLength)
            {
                problems.Add(new(where, $"{record.Length} characters; every record has {RecordLength}"));
                continue;
            }
            var type = record[1..3];
            if (type != "63" && open is not null)
            {
                movements.Add(open.Done());
                open = null;
            }
            switch (type)
            {
                case "RH" when i == 0:
                case "65":
                    break;
                case "EF" when i == records.Count - 1:
                    CheckCounts(record, where, statements, records.Count, problems);
                    break;
                case "61" when account is null:
                    statements++;
                    account = Opening(record, where, problems);
                    break;
                case "62" when account is not null:
                    open = Entry(record, where, account, problems);
                    if (open is not null) account.Add(open.Credit, open.Cents);
                    break;
                case "63" when account is not null:
                    open?.Text(record[13..]);
                    break;
                case "64" when account is not null:
                    if (Closing(record, where, account, problems) is { } balance) balances.Add(balance);
                    account = null;
                    break;
                default:
                    problems.Add(new(where, $"record type '{type}' where it cannot be: RH first, then per account 61, 62 each with its 63s, 64 and 65, then EF last"));
                    break;
            }
        }
        if (problems.Count == 0 && account is not null)
            problems.Add(new($"record {records.Count}", "an account's movements are not closed by its 64 closing balance"));
        if (problems.Count == 0 && (records.Count == 0 || records[^1].Length < 3 || records[^1][1..3] != "EF"))
            problems.Add(new($"record {records.Count}", "the file does not end with its EF record: it is truncated"));
        return problems.Count > 0 ? ParsedStatement.Refused(Format, Version, problems) : new ParsedStatement(Format, Version, movements, [], balances);
    }

    // The EF trailer counts what the file holds, in the layout of CBI's fixed-width flows: the statements (61
    // records) at positions 46–52 and every record, RH and EF included, at 83–89. A record lost or added in transit
    // (a truncated transfer that still ends in an EF, a statement appended by hand) disagrees with them. Counts that
    // are not digits (left blank) are not checked.
    private static void CheckCounts(string ef, string where, int statements, int records, List<FileProblem> problems)
    {
        if (Count(ef[45..52]) is { } declaredStatements && declaredStatements != statements)
            problems.Add(new(where + ", positions 46-52", $"the trailer counts {declaredStatements} statement(s), the file has {statements}"));
        if (Count(ef[82..89]) is { } declaredRecords && declaredRecords != records)
            problems.Add(new(where + ", positions 83-89", $"the trailer counts {declaredRecords} record(s), the file has {records}"));
    }

    private static int? Count(string digits) =>
        digits.All(char.IsAsciiDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : null;

    private static List<string> Records(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').Where(l => l.Length > 0).ToList();
        // Some banks send the records as one stream without line breaks.
        if (lines is [var stream] && stream.Length > RecordLength && stream.Length % RecordLength == 0)
            return Enumerable.Range(0, stream.Length / RecordLength).Select(i => stream.Substring(i * RecordLength, RecordLength)).ToList();
        return lines;
    }

    private static Account? Opening(string r, string where, List<FileProblem> problems)
    {
        var iban = r[99..103] + r[51..74];
        var balance = Amount(r[83], r[84..99], where + ", opening balance", problems);
        return balance is null ? null : new Account(iban.Trim(), r[74..77].Trim(), balance.Value, Date(r[77..83]));
    }

    private static Movement? Entry(string r, string where, Account account, List<FileProblem> problems)
    {
        var valueDate = Date(r[13..19]);
        var booking = Date(r[19..25]);
        var cents = Amount(r[25], r[26..41], where + ", amount", problems);
        if (booking is null) problems.Add(new(where + ", booking date", $"'{r[19..25]}' is not a date DDMMYY"));
        if (cents is null || booking is null) return null;
        return new Movement(where, account.Iban, account.Currency, r[25] == 'C', Math.Abs(cents.Value), booking.Value, valueDate,
            Text(r[61..77]), r[86..120].Trim());
    }

    private static StatementBalance? Closing(string r, string where, Account account, List<FileProblem> problems)
    {
        var closing = Amount(r[19], r[20..35], where + ", closing balance", problems);
        return closing is null ? null
            : new StatementBalance($"{where} (account {account.Iban})", null, account.Currency, account.Opening, account.Credits, account.Debits, closing.Value,
                account.Iban.Length > 0 ? account.Iban : null, account.OpeningDate, Date(r[13..19]));
    }

    private static long? Amount(char sign, string digits, string where, List<FileProblem> problems)
    {
        if (sign is not ('C' or 'D') || digits.Length != 15 || digits[12] != ',' || !digits.Remove(12, 1).All(char.IsAsciiDigit))
        {
            problems.Add(new(where, $"'{sign}{digits}' is not a sign C or D and an amount 000000000000,00"));
            return null;
        }
        var cents = long.Parse(digits.Remove(12, 1), CultureInfo.InvariantCulture);
        return sign == 'D' ? -cents : cents;
    }

    private static DateOnly? Date(string ddmmyy) =>
        DateOnly.TryParseExact(ddmmyy, "ddMMyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string? Text(string value) => value.Trim() is { Length: > 0 } t && t.Any(c => c != '0') ? t : null;

    private sealed class Account(string iban, string currency, long opening, DateOnly? openingDate)
    {
        public string Iban => iban;
        public DateOnly? OpeningDate => openingDate;
        public string Currency => currency;
        public long Opening => opening;
        public long Credits { get; private set; }
        public long Debits { get; private set; }

        public void Add(bool credit, long cents)
        {
            if (credit) Credits += Math.Abs(cents);
            else Debits += Math.Abs(cents);
        }
    }

    // A 62 record and the 63 texts that follow it.
    private sealed class Movement(string where, string account, string currency, bool credit, long cents, DateOnly booking, DateOnly? value,
        string? bankReference, string description)
    {
        private readonly StringBuilder _texts = new();
        private string? _endToEndId;
        private string? _counterparty;
        private bool _lastWasKeyed = true;

        public bool Credit => credit;
        public long Cents => cents;

        public void Text(string text)
        {
            var key = text[..3];
            if (Keys.Contains(key))
            {
                var content = text[3..].TrimEnd();
                if (key == "ID1" && text.Length >= 73) _endToEndId = Trimmed(text[38..73]);
                if (key == "YYY" && text.Length >= 67) _counterparty = Trimmed(text[27..67]);
                // RI2 continues RI1's remittance: an id may be cut between them.
                if (key != "RI2" && _texts.Length > 0) _texts.Append(' ');
                _texts.Append(key is "RI1" or "RI2" ? content : text.TrimEnd());
                _lastWasKeyed = true;
                return;
            }
            if (_lastWasKeyed && _texts.Length > 0) _texts.Append(' ');
            _texts.Append(text);
            _lastWasKeyed = false;
        }

        public StatementMovement Done() => new(where, account, currency, credit, IsReversal: false, IsBooked: true, cents, booking, value,
            bankReference, Trn: null, _endToEndId, _counterparty, string.Join(' ', new[] { description, _texts.ToString().Trim() }.Where(t => t.Length > 0)));

        private static string? Trimmed(string value) => value.Trim() is { Length: > 0 } t ? t : null;
    }
}
