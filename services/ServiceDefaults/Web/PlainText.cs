using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ServiceDefaults.Web;

/// <summary>
/// The one rule for text that comes in: no C0 (U+0000–U+001F), DEL or C1 (U+007F–U+009F) control
/// characters. NUL cannot even be stored by PostgreSQL, and the others end up on notices and in the
/// Node's XML. A text marked <see cref="MultiLineTextAttribute"/> may also hold TAB, CR and LF.
/// </summary>
public static class PlainText
{
    /// <summary>The position of the first refused character, or -1.</summary>
    public static int FindControl(ReadOnlySpan<char> text, bool multiLine = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0020' ? !(multiLine && c is '\t' or '\r' or '\n') : c is >= '\u007f' and <= '\u009f') return i;
        }
        return -1;
    }

    /// <summary>Null when <paramref name="text"/> is acceptable, else the rule it breaks.</summary>
    public static string? Problem(ReadOnlySpan<char> text, bool multiLine = false)
    {
        var at = FindControl(text, multiLine);
        return at < 0 ? null
            : $"must not contain control characters (U+0000–U+001F{(multiLine ? " except TAB, CR and LF" : "")}, U+007F–U+009F): U+{(int)text[at]:X4} at position {at}";
    }
}

/// <summary>A text field where line breaks and tabs are legitimate (an address block, a free note).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultiLineTextAttribute : Attribute;

/// <summary>Applies <see cref="PlainText"/> to every string a request body holds: property values, array items, dictionary keys.</summary>
internal sealed class PlainTextConverter(bool multiLine) : JsonConverter<string>
{
    public static readonly PlainTextConverter SingleLine = new(false);
    public static readonly PlainTextConverter MultiLine = new(true);

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Checked(reader.GetString()!) : throw new JsonException(JsonRules.Of(typeof(string)));

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private string Checked(string value) =>
        PlainText.Problem(value, multiLine) is { } problem ? throw new JsonException(problem) : value;

    /// <summary>Swaps in the multi-line converter for string properties marked <see cref="MultiLineTextAttribute"/>.</summary>
    public static void MarkMultiLine(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
            if (property.PropertyType == typeof(string) && IsMultiLine(property)) property.CustomConverter = MultiLine;
    }

    private static bool IsMultiLine(JsonPropertyInfo property)
    {
        if (property.AttributeProvider?.IsDefined(typeof(MultiLineTextAttribute), true) == true) return true;
        // A record's positional parameter carries the attribute unless it says [property: …].
        return property.DeclaringType.GetConstructors().SelectMany(c => c.GetParameters())
            .Any(p => string.Equals(p.Name, (property.AttributeProvider as MemberInfo)?.Name, StringComparison.Ordinal)
                      && p.IsDefined(typeof(MultiLineTextAttribute), true));
    }
}
