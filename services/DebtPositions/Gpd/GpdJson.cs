using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DebtPositions.Gpd;

// GPD's JSON where it differs from ours, on GPD's wire records only (the Gpd, GpdV2 and GpdV3 namespaces; see
// docs/decisions/0044): date-times written as GPD writes them, Java LocalDateTime in UTC with milliseconds
// ("2026-12-06T16:19:49.123"); a date-time without an offset read as UTC, as GPD reads it; booleans also as the
// strings "true" and "false" (Jackson's coercion, which GPD's clients may rely on).
internal static class GpdJson
{
    private static readonly string[] WireNamespaces = ["DebtPositions.Gpd", "DebtPositions.GpdV2", "DebtPositions.GpdV3", "DebtPositions.GpdMassive"];

    public static IServiceCollection AddGpdJson(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.TypeInfoResolver =
            (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(OnWireRecords));

    // Bulk files of GPD's JSON (our imports API's json format, and the massive file API's CREATE) are read like the
    // v1 API's bodies: the strict rules plus GPD's conventions, so "true" and an offset-less date-time mean there what
    // they mean in a single create (docs/decisions/0072).
    public static JsonSerializerOptions BulkFileOptions { get; } = ForBulkFiles();

    private static JsonSerializerOptions ForBulkFiles()
    {
        var options = new JsonSerializerOptions(ServiceDefaults.Web.StrictJson.Options);
        options.TypeInfoResolver = ServiceDefaults.Web.StrictJson.Options.TypeInfoResolver!.WithAddedModifier(OnWireRecords);
        options.MakeReadOnly();
        return options;
    }

    // The contract modifier: GPD's conventions on the properties of GPD's records.
    public static void OnWireRecords(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || !WireNamespaces.Contains(type.Type.Namespace)) return;
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(DateTimeOffset)) property.CustomConverter = LocalDateTime.Instance;
            else if (property.PropertyType == typeof(DateTimeOffset?)) property.CustomConverter = NullableLocalDateTime.Instance;
            else if (property.PropertyType == typeof(bool?)) property.CustomConverter = LenientBoolean.Instance;
        }
    }

    private sealed class LocalDateTime : JsonConverter<DateTimeOffset>
    {
        public static readonly LocalDateTime Instance = new();

        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            var text = reader.GetString()!;
            var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && text[^6] is '+' or '-');
            try
            {
                if (hasOffset) return reader.TryGetDateTimeOffset(out var instant) ? instant.ToUniversalTime() : throw new JsonException();
                return reader.TryGetDateTime(out var local) ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc)) : throw new JsonException();
            }
            catch (ArgumentOutOfRangeException e)
            {
                // 0001-01-01T00:00:00+01:00 is before the first representable instant: a bad value, not a bug.
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture));
    }

    private sealed class NullableLocalDateTime : JsonConverter<DateTimeOffset?>
    {
        public static readonly NullableLocalDateTime Instance = new();

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : LocalDateTime.Instance.Read(ref reader, typeof(DateTimeOffset), options);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is { } v) LocalDateTime.Instance.Write(writer, v, options);
            else writer.WriteNullValue();
        }
    }

    private sealed class LenientBoolean : JsonConverter<bool?>
    {
        public static readonly LenientBoolean Instance = new();

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            JsonTokenType.String when reader.ValueTextEquals("true"u8) => true,
            JsonTokenType.String when reader.ValueTextEquals("false"u8) => false,
            _ => throw new JsonException(),
        };

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value is { } v) writer.WriteBooleanValue(v);
            else writer.WriteNullValue();
        }
    }
}
