using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contracts.DebtPositions;

/// <summary>
/// The wire form of <see cref="DebtPositionsImported.Positions"/>. A chunk's thousand positions repeat the same EC,
/// company, status, texts, category, IBAN and due date; spelled out as objects, property names and repeated values were
/// most of the message, and of the work at every hop (serialised twice in DebtPositions, carried by RabbitMQ, parsed
/// twice in each consumer, every string allocated anew). Here each distinct string is written once, in a table
/// <c>"s"</c>, and the positions follow in <c>"r"</c> as positional arrays whose strings are indices into the table:
/// <code>
/// position  [organizationFiscalCode, iupd, status, version, companyName, officeName, debtor, validityDate, switchToExpired, options]
/// debtor    [type, fiscalCode, fullName, streetName, civicNumber, postalCode, city, province, country, email]
/// option    [iuv, nav, amountCents, description, dueDate, retentionDate, isPartialPayment, status, debtor, transfers, metadata,
///            actualisationRule, notificationDate]
/// transfer  [idTransfer, amountCents, organizationFiscalCode, companyName, remittanceInformation, category, iban, postalIban,
///            stamp, metadata]
/// stamp     [hashDocument, stampType, provincialResidence]
/// metadata  [key, value, key, value, …]
/// </code>
/// Dates and instants are ISO 8601 strings; an absent value is <c>null</c> or, at the end of an array, left out.
/// New fields go at the end of their array: a reader treats missing trailing elements as absent and skips extra ones.
/// Readers also accept the plain list of position objects, the form before this one (messages still queued at an upgrade).
/// </summary>
public sealed class ImportedPositionsJsonConverter : JsonConverter<IReadOnlyList<DebtPositionSnapshot>>
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<DebtPositionSnapshot> value, JsonSerializerOptions options)
    {
        var strings = new StringTable();
        var rows = new ArrayBufferWriter<byte>(value.Count * 128 + 16);
        using (var w = new Utf8JsonWriter(rows))
        {
            w.WriteStartArray();
            foreach (var position in value) WritePosition(w, strings, position);
            w.WriteEndArray();
        }
        writer.WriteStartObject();
        writer.WriteStartArray("s");
        foreach (var s in strings.Values) writer.WriteStringValue(s);
        writer.WriteEndArray();
        writer.WritePropertyName("r");
        writer.WriteRawValue(rows.WrittenSpan, skipInputValidation: true);
        writer.WriteEndObject();
    }

    public override IReadOnlyList<DebtPositionSnapshot> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
            return JsonSerializer.Deserialize<List<DebtPositionSnapshot>>(ref reader, options) ?? [];
        Expect(ref reader, JsonTokenType.StartObject);
        string[]? strings = null;
        List<DebtPositionSnapshot>? positions = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "s")
            {
                Expect(ref reader, JsonTokenType.StartArray);
                var list = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(reader.GetString() ?? throw new JsonException("null in the string table"));
                strings = [.. list];
            }
            else if (name == "r")
            {
                if (strings is null) throw new JsonException("imported positions: the string table \"s\" must come before the rows \"r\"");
                Expect(ref reader, JsonTokenType.StartArray);
                positions = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) positions.Add(ReadPosition(ref reader, strings));
            }
            else reader.Skip();
        }
        return positions ?? throw new JsonException("imported positions: no rows \"r\"");
    }

    private static void WritePosition(Utf8JsonWriter w, StringTable t, DebtPositionSnapshot p)
    {
        w.WriteStartArray();
        t.Write(w, p.OrganizationFiscalCode);
        t.Write(w, p.Iupd);
        t.Write(w, p.Status);
        w.WriteNumberValue(p.Version);
        t.Write(w, p.CompanyName);
        t.Write(w, p.OfficeName);
        WriteDebtor(w, t, p.Debtor);
        t.Write(w, Instant(p.ValidityDate));
        w.WriteBooleanValue(p.SwitchToExpired);
        w.WriteStartArray();
        foreach (var o in p.Options)
        {
            w.WriteStartArray();
            t.Write(w, o.Iuv);
            t.Write(w, o.Nav);
            w.WriteNumberValue(o.AmountCents);
            t.Write(w, o.Description);
            t.Write(w, Date(o.DueDate));
            t.Write(w, Instant(o.RetentionDate));
            w.WriteBooleanValue(o.IsPartialPayment);
            t.Write(w, o.Status);
            WriteDebtor(w, t, o.Debtor);
            w.WriteStartArray();
            foreach (var tr in o.Transfers)
            {
                w.WriteStartArray();
                w.WriteNumberValue(tr.IdTransfer);
                w.WriteNumberValue(tr.AmountCents);
                t.Write(w, tr.OrganizationFiscalCode);
                t.Write(w, tr.CompanyName);
                t.Write(w, tr.RemittanceInformation);
                t.Write(w, tr.Category);
                t.Write(w, tr.Iban);
                t.Write(w, tr.PostalIban);
                if (tr.Stamp is { } stamp) t.WriteArray(w, [stamp.HashDocument, stamp.StampType, stamp.ProvincialResidence]);
                else w.WriteNullValue();
                WriteMetadata(w, t, tr.Metadata);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            WriteMetadata(w, t, o.Metadata);
            t.Write(w, o.ActualisationRule);
            t.Write(w, o.NotificationDate is { } notified ? Date(notified) : null);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndArray();
    }

    private static void WriteDebtor(Utf8JsonWriter w, StringTable t, DebtorSnapshot? d)
    {
        if (d is null) w.WriteNullValue();
        else t.WriteArray(w, [d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode, d.City, d.Province, d.Country, d.Email]);
    }

    private static void WriteMetadata(Utf8JsonWriter w, StringTable t, IReadOnlyDictionary<string, string>? metadata)
    {
        w.WriteStartArray();
        if (metadata is not null)
            foreach (var (key, value) in metadata)
            {
                t.Write(w, key);
                t.Write(w, value);
            }
        w.WriteEndArray();
    }

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
            Options: ReadList<PaymentOptionSnapshot>(ref r, ref row, ReadOption));
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
        Metadata: ReadMetadata(ref r, ref row));

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

    private static string? Instant(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);
    private static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
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

    /// <summary>Each distinct string once, in order of first use.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public List<string> Values { get; } = [];

        public void Write(Utf8JsonWriter w, string? value)
        {
            if (value is null) { w.WriteNullValue(); return; }
            if (!_index.TryGetValue(value, out var i))
            {
                i = Values.Count;
                _index.Add(value, i);
                Values.Add(value);
            }
            w.WriteNumberValue(i);
        }

        /// <summary>An array of strings without its trailing nulls.</summary>
        public void WriteArray(Utf8JsonWriter w, ReadOnlySpan<string?> values)
        {
            var length = values.Length;
            while (length > 0 && values[length - 1] is null) length--;
            w.WriteStartArray();
            for (var i = 0; i < length; i++) Write(w, values[i]);
            w.WriteEndArray();
        }
    }
}
