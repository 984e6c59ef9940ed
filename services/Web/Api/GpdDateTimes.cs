using System.Text.Json;
using System.Text.Json.Serialization;

namespace Web.Api;

// DebtPositions writes GPD's date-times as GPD does, in UTC without an offset (docs/decisions/0044): read so, whatever
// the Web process's own time zone. A date-time with an offset keeps it; what Web sends is written with its offset.
internal sealed class GpdDateTimes : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        var text = reader.GetString()!;
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && text[^6] is '+' or '-');
        if (hasOffset) return reader.GetDateTimeOffset();
        return new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(), DateTimeKind.Utc));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
