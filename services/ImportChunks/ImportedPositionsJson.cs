using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contracts.DebtPositions;

namespace ImportChunks;

/// <summary>
/// The wire form of <see cref="DebtPositionsImported.Positions"/>. A chunk's thousand positions repeat the same EC,
/// company, status, texts, category, IBAN and due date; spelled out as objects, property names and repeated values were
/// most of the message, and of the work at every hop (serialised twice in DebtPositions, carried by RabbitMQ, parsed
/// twice in each consumer, every string allocated anew). Here each distinct string is written once, in a table
/// <c>"s"</c>, and the positions follow in <c>"r"</c> as positional arrays whose strings are indices into the table:
/// <code>
/// position  [organizationFiscalCode, iupd, status, version, companyName, officeName, debtor, validityDate, switchToExpired, options,
///            revenueType]
/// debtor    [type, fiscalCode, fullName, streetName, civicNumber, postalCode, city, province, country, email]
/// option    [iuv, nav, amountCents, description, dueDate, retentionDate, isPartialPayment, status, debtor, transfers, metadata,
///            actualisationRule, notificationDate]
/// transfer  [idTransfer, amountCents, organizationFiscalCode, companyName, remittanceInformation, category, iban, postalIban,
///            stamp, metadata, accountingChapter, accountingAssessment]
/// stamp     [hashDocument, stampType, provincialResidence]
/// metadata  [key, value, key, value, …]
/// </code>
/// Dates and instants are ISO 8601 strings; an absent value is <c>null</c> or, at the end of an array, left out.
/// New fields go at the end of their array: a reader treats missing trailing elements as absent and skips extra ones.
/// <para>
/// On the wire that object travels as one base64 string (ADR 0018). MassTransit parses a message's envelope into a
/// <see cref="JsonDocument"/> before handing the message to this converter, so each consumer tokenised the chunk's
/// tens of thousands of tokens twice, half of its CPU; a string is one token to the envelope, and is decoded and read
/// here once. Readers also accept the object itself (the form of ADR 0016) and the plain list of position objects,
/// the form before it (messages still queued at an upgrade).
/// </para>
/// </summary>
public sealed partial class ImportedPositionsJsonConverter : JsonConverter<IReadOnlyList<DebtPositionSnapshot>>
{
    // Dates as written and read; instants use the round-trip format ("O").
    private const string DateFormat = "yyyy-MM-dd";

    // The wire form of each list written, for as long as the list lives: DebtPositions writes a chunk's event twice, into
    // its outbox row and then when MassTransit publishes the same object, and building the table is most of the cost.
    // Snapshots are immutable records and a chunk's list is never changed once its event exists.
    private static readonly ConditionalWeakTable<IReadOnlyList<DebtPositionSnapshot>, byte[]> Written = new();

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<DebtPositionSnapshot> value, JsonSerializerOptions options) =>
        writer.WriteBase64StringValue(Written.GetValue(value, static positions =>
        {
            var form = new ArrayBufferWriter<byte>(positions.Count * 160 + 64);
            using (var w = new Utf8JsonWriter(form)) WriteTable(w, positions);
            return form.WrittenSpan.ToArray();
        }));

    /// <summary>
    /// One snapshot in the table layout, as UTF-8 JSON text (not base64): about half the bytes of the snapshot's plain
    /// JSON. For read models that store whole snapshots (IuvIssuance, ADR 0021); <see cref="ReadSnapshot"/> reads it back.
    /// The text starts with <c>{"s":</c>, which tells it from a snapshot's plain JSON.
    /// </summary>
    public static void WriteSnapshot(IBufferWriter<byte> output, DebtPositionSnapshot position)
    {
        using var w = new Utf8JsonWriter(output);
        WriteTable(w, [position]);
    }

    /// <summary>The snapshot written by <see cref="WriteSnapshot"/>.</summary>
    public static DebtPositionSnapshot ReadSnapshot(ReadOnlySpan<byte> json) =>
        ReadTable(json) is [var position] ? position : throw new JsonException("a stored snapshot: expected exactly one position");

    public override IReadOnlyList<DebtPositionSnapshot> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => ReadEncoded(ref reader),
            JsonTokenType.StartArray => JsonSerializer.Deserialize<List<DebtPositionSnapshot>>(ref reader, options) ?? [],
            _ => ReadTable(ref reader),
        };

    private static void WriteTable(Utf8JsonWriter writer, IReadOnlyList<DebtPositionSnapshot> value)
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

    private static List<DebtPositionSnapshot> ReadEncoded(ref Utf8JsonReader reader)
    {
        // Decoded into a pooled buffer: a chunk is a few hundred kilobytes, and a fresh array of that size per message
        // would land on the large object heap. Base64 needs no escaping; a value that has some takes the general path.
        if (reader.HasValueSequence || reader.ValueIsEscaped)
            return reader.TryGetBytesFromBase64(out var bytes) ? ReadTable(bytes) : throw NotBase64();
        var encoded = reader.ValueSpan;
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(encoded.Length));
        try
        {
            return Base64.DecodeFromUtf8(encoded, buffer, out _, out var written) == OperationStatus.Done
                ? ReadTable(buffer.AsSpan(0, written)) : throw NotBase64();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static List<DebtPositionSnapshot> ReadTable(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read()) throw new JsonException("imported positions: empty");
        var positions = ReadTable(ref reader);
        if (reader.Read()) throw new JsonException("imported positions: data after the object");
        return positions;
    }

    private static List<DebtPositionSnapshot> ReadTable(ref Utf8JsonReader reader)
    {
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
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    list.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Unexpected(reader, "a string in the table"));
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

    private static JsonException NotBase64() => new("imported positions: the string is not base64");
}
