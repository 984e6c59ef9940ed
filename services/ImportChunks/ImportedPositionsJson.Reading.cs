using System.Globalization;
using System.Text.Json;
using Contracts.DebtPositions;

namespace ImportChunks;

/// <summary>Reading the wire form: strict about what the rows hold, tolerant of fields added at the end of an array.</summary>
public sealed partial class ImportedPositionsJsonConverter
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private delegate T ElementReader<T>(ref Utf8JsonReader r, ref Row row);

    private static DebtPositionSnapshot ReadPosition(ref Utf8JsonReader r, string[] s)
    {
        var row = new Row(s);
        row.Begin(ref r);
        var position = new DebtPositionSnapshot(
            OrganizationFiscalCode: row.Required(ref r, "organizationFiscalCode"),
            Iupd: row.Required(ref r, "iupd"),
            Status: row.Required(ref r, "status"),
            Version: row.Int64(ref r),
            CompanyName: row.Required(ref r, "companyName"),
            OfficeName: row.String(ref r),
            Debtor: ReadOne<DebtorSnapshot>(ref r, ref row, ReadDebtor) ?? throw new JsonException("imported position without a debtor"),
            ValidityDate: ParseInstant(row.String(ref r)),
            SwitchToExpired: row.Boolean(ref r),
            Options: ReadList<PaymentOptionSnapshot>(ref r, ref row, ReadOption),
            RevenueType: row.String(ref r));
        row.End(ref r);
        return position;
    }

    private static PaymentOptionSnapshot ReadOption(ref Utf8JsonReader r, ref Row row) => new(
        Iuv: row.Required(ref r, "iuv"),
        Nav: row.Required(ref r, "nav"),
        AmountCents: row.Int64(ref r),
        Description: row.Required(ref r, "description"),
        DueDate: ParseDate(row.Required(ref r, "dueDate")),
        RetentionDate: ParseInstant(row.String(ref r)),
        IsPartialPayment: row.Boolean(ref r),
        Status: row.Required(ref r, "status"),
        Debtor: ReadOne<DebtorSnapshot>(ref r, ref row, ReadDebtor),
        Transfers: ReadList<TransferSnapshot>(ref r, ref row, ReadTransfer),
        Metadata: ReadMetadata(ref r, ref row),
        ActualisationRule: row.String(ref r),
        NotificationDate: row.String(ref r) is { } notified ? ParseDate(notified) : null);

    private static TransferSnapshot ReadTransfer(ref Utf8JsonReader r, ref Row row) => new(
        IdTransfer: (int)row.Int64(ref r),
        AmountCents: row.Int64(ref r),
        OrganizationFiscalCode: row.Required(ref r, "organizationFiscalCode"),
        CompanyName: row.String(ref r),
        RemittanceInformation: row.Required(ref r, "remittanceInformation"),
        Category: row.Required(ref r, "category"),
        Iban: row.String(ref r),
        PostalIban: row.String(ref r),
        Stamp: ReadOne<StampSnapshot>(ref r, ref row, ReadStamp),
        Metadata: ReadMetadata(ref r, ref row),
        AccountingChapter: row.String(ref r),
        AccountingAssessment: row.String(ref r));

    private static DebtorSnapshot ReadDebtor(ref Utf8JsonReader r, ref Row row) => new(
        row.Required(ref r, "debtor type"), row.Required(ref r, "debtor fiscalCode"), row.Required(ref r, "debtor fullName"),
        row.String(ref r), row.String(ref r), row.String(ref r), row.String(ref r), row.String(ref r), row.String(ref r), row.String(ref r));

    private static StampSnapshot ReadStamp(ref Utf8JsonReader r, ref Row row) =>
        new(row.Required(ref r, "hashDocument"), row.Required(ref r, "stampType"), row.Required(ref r, "provincialResidence"));

    /// <summary>The next element of <paramref name="parent"/> as one positional array, or null when it is absent.</summary>
    private static T? ReadOne<T>(ref Utf8JsonReader r, ref Row parent, ElementReader<T> read) where T : class
    {
        if (!parent.NextArray(ref r)) return null;
        var row = new Row(parent.Strings);
        row.Begin(ref r);
        var value = read(ref r, ref row);
        row.End(ref r);
        return value;
    }

    /// <summary>The next element of <paramref name="parent"/> as an array of positional arrays (empty when absent).</summary>
    private static List<T> ReadList<T>(ref Utf8JsonReader r, ref Row parent, ElementReader<T> read)
    {
        var items = new List<T>(1);
        if (!parent.NextArray(ref r)) return items;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var row = new Row(parent.Strings);
            row.Begin(ref r);
            items.Add(read(ref r, ref row));
            row.End(ref r);
        }
        return items;
    }

    private static IReadOnlyDictionary<string, string> ReadMetadata(ref Utf8JsonReader r, ref Row parent)
    {
        if (!parent.NextArray(ref r)) return NoMetadata;
        Dictionary<string, string>? metadata = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var key = parent.Lookup(ref r);
            if (!r.Read() || r.TokenType == JsonTokenType.EndArray) throw new JsonException("metadata key without a value");
            (metadata ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = parent.Lookup(ref r);
        }
        return metadata ?? NoMetadata;
    }

    private static DateOnly ParseDate(string value) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : throw new JsonException($"imported positions: {value} is not a date");

    private static DateTimeOffset? ParseInstant(string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            ? instant : throw new JsonException($"imported positions: {value} is not an instant");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type) throw new JsonException($"imported positions: expected {type}, found {r.TokenType}");
    }

    private static JsonException Unexpected(in Utf8JsonReader r, string expected) =>
        new($"imported positions: expected {expected}, found {r.TokenType}");

    /// <summary>Reads one positional array element by element; past its end every element reads as absent.</summary>
    private struct Row(string[] strings)
    {
        private bool _ended;
        public readonly string[] Strings => strings;

        public readonly void Begin(ref Utf8JsonReader r) => Expect(ref r, JsonTokenType.StartArray);

        /// <summary>Moves to the next element: false at the end of the array (or when it is null).</summary>
        private bool Next(ref Utf8JsonReader r)
        {
            if (_ended) return false;
            if (!r.Read()) throw new JsonException("imported positions: truncated");
            if (r.TokenType == JsonTokenType.EndArray) { _ended = true; return false; }
            return r.TokenType != JsonTokenType.Null;
        }

        public string? String(ref Utf8JsonReader r) => Next(ref r) ? Lookup(ref r) : null;
        public string Required(ref Utf8JsonReader r, string field) => String(ref r) ?? throw new JsonException($"imported position without {field}");
        public long Int64(ref Utf8JsonReader r) =>
            !Next(ref r) ? 0 : r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var n) ? n : throw Unexpected(r, "an integer");

        public bool Boolean(ref Utf8JsonReader r) =>
            Next(ref r) && (r.TokenType is JsonTokenType.True or JsonTokenType.False ? r.GetBoolean() : throw Unexpected(r, "true or false"));

        /// <summary>True when the next element is an array (the reader then stands on its start).</summary>
        public bool NextArray(ref Utf8JsonReader r)
        {
            if (!Next(ref r)) return false;
            Expect(ref r, JsonTokenType.StartArray);
            return true;
        }

        public readonly string Lookup(ref Utf8JsonReader r)
        {
            if (r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out var i)) throw Unexpected(r, "a string index");
            return (uint)i < (uint)strings.Length ? strings[i] : throw new JsonException($"imported positions: string {i} is not in the table");
        }

        /// <summary>Skips elements a newer writer added, up to the end of the array.</summary>
        public void End(ref Utf8JsonReader r)
        {
            while (!_ended)
            {
                if (!r.Read()) throw new JsonException("imported positions: truncated");
                if (r.TokenType == JsonTokenType.EndArray) _ended = true;
                else r.Skip();
            }
        }
    }
}
