using System.Runtime.CompilerServices;
using System.Text.Json;
using DebtPositions.Gpd;

namespace DebtPositions.Bulk;

// Reads GPD's bulk JSON ( {"paymentPositions": [PaymentPositionModel…]} , or a bare array of them) one position at a
// time from a stream: only the position being parsed is ever in memory. "Line" is the position's 1-based index in the
// array; field names are the v1 JSON paths inside it.
internal static class JsonPositions
{
    private const int MaxPositionBytes = 16 * 1024 * 1024;

    private enum Phase { Start, InObject, InArray, Done }

    private sealed record Element(PaymentPositionModel? Model, string? Error, string? Path);

    public static async IAsyncEnumerable<ImportRow> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[1 << 20];
        var (length, final, phase, index) = (0, false, Phase.Start, 0L);
        var state = new JsonReaderState();
        while (true)
        {
            if (!final)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxPositionBytes) throw new InvalidDataException($"position {index + 1} is larger than {MaxPositionBytes} bytes");
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) final = true;
                length += read;
            }
            var elements = new List<Element>();
            var consumed = Parse(buffer.AsSpan(0, length), final, ref state, ref phase, elements);
            foreach (var e in elements)
            {
                index++;
                yield return e.Model is { } model
                    ? new ImportRow(index, model.ToDraft(), null, Same)
                    : new ImportRow(index, null, new() { [e.Path is { Length: > 0 } p ? p.TrimStart('$', '.') : "position"] = [e.Error!] }, Same);
            }
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            if (phase == Phase.Done) yield break;
            if (final && consumed == 0)
                throw new InvalidDataException("the JSON ends before its array of positions is closed");
        }
    }

    private static string Same(string path) => path;

    // Parses every complete token of data; returns the bytes consumed (a token boundary).
    private static int Parse(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref Phase phase, List<Element> output)
    {
        var reader = new Utf8JsonReader(data, final, state);
        var consumed = 0;
        try
        {
            while (phase != Phase.Done && reader.Read())
            {
                switch (phase)
                {
                    case Phase.Start when reader.TokenType == JsonTokenType.StartArray:
                        phase = Phase.InArray;
                        break;
                    case Phase.Start when reader.TokenType == JsonTokenType.StartObject:
                        phase = Phase.InObject;
                        break;
                    case Phase.Start:
                        throw new InvalidDataException("a JSON import is {\"paymentPositions\": [...]} or an array of positions");
                    case Phase.InObject when reader.TokenType == JsonTokenType.EndObject:
                        throw new InvalidDataException("the JSON has no paymentPositions array");
                    case Phase.InObject:
                        var isList = reader.ValueTextEquals("paymentPositions"u8);
                        if (!reader.Read()) return consumed;
                        if (isList && reader.TokenType != JsonTokenType.StartArray) throw new InvalidDataException("paymentPositions is not an array");
                        if (isList) phase = Phase.InArray;
                        else if (!reader.TrySkip()) return consumed;
                        break;
                    case Phase.InArray when reader.TokenType == JsonTokenType.EndArray:
                        phase = Phase.Done;
                        break;
                    case Phase.InArray:
                        var start = reader;
                        if (!reader.TrySkip()) return consumed;
                        output.Add(Deserialize(ref start));
                        break;
                }
                consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the file is not valid JSON: {e.Message}", e);
        }
        return consumed;
    }

    private static Element Deserialize(ref Utf8JsonReader start)
    {
        if (start.TokenType != JsonTokenType.StartObject) return new Element(null, "a position is a JSON object", null);
        try
        {
            return new Element(JsonSerializer.Deserialize<PaymentPositionModel>(ref start, GpdJson.BulkFileOptions), null, null);
        }
        catch (JsonException e)
        {
            var (_, rule) = ServiceDefaults.Web.JsonRules.Explain(e, typeof(PaymentPositionModel), GpdJson.BulkFileOptions);
            return new Element(null, rule, e.Path);
        }
    }
}
