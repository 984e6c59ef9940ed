using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServiceDefaults.Web;

/// <summary>
/// The rule a value broke, said in the API's words: System.Text.Json and the parameter binder name .NET
/// types ("could not be converted to System.Int64"), which tell a client nothing.
/// </summary>
public static partial class JsonRules
{
    public static string Of(Type type, string field = "")
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"must be one of {string.Join(", ", Enum.GetNames(type))}";
        return ByName(type.Name, field);
    }

    /// <summary>
    /// The field a JsonException points at and the rule it broke. The exception names the type being built
    /// (a record, when it binds through its constructor), not the value's: the value's type is found by
    /// walking <paramref name="root"/> along the path, as the serializer sees it.
    /// </summary>
    public static (string Field, string Rule) Explain(JsonException e, Type? root, JsonSerializerOptions options)
    {
        var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
        var type = root is null || e.Path is null ? null : TypeAt(options, root, e.Path);
        return (field, type is not null && Converted().IsMatch(e.Message) ? Of(type, field) : Rewrite(e.Message, field));
    }

    /// <summary>A JsonException's message without the .NET type and the position suffix.</summary>
    public static string Rewrite(string message, string field)
    {
        if (Converted().Match(message) is { Success: true } converted) return ByName(LastTypeName(converted.Groups[1].Value), field);
        if (Duplicate().Match(message) is { Success: true } duplicate) return $"the property '{duplicate.Groups[1].Value}' appears more than once";
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    /// <summary>The binder's "Failed to bind parameter \"int? page\" from \"x\"": the parameter and what it must be.</summary>
    public static (string Field, string Rule)? FromBinder(string message)
    {
        if (Binding().Match(message) is { Success: true } bind)
            return (bind.Groups[2].Value, ByName(LastTypeName(bind.Groups[1].Value.TrimEnd('?')), bind.Groups[2].Value));
        if (Missing().Match(message) is { Success: true } missing)
            return missing.Groups[3].Value == "body" ? ("body", "a JSON body is required")
                : (missing.Groups[2].Value, $"{missing.Groups[2].Value} is required");
        return null;
    }

    private static Type? TypeAt(JsonSerializerOptions options, Type root, string path)
    {
        try
        {
            var info = options.GetTypeInfo(root);
            foreach (var segment in PathSegment().Matches(path).Select(m => m.Value))
            {
                var next = segment.StartsWith('[')
                    ? info.ElementType
                    : info.Properties.FirstOrDefault(p => p.Name == segment.TrimStart('.'))?.PropertyType;
                if (next is null) return null;
                info = options.GetTypeInfo(next);
            }
            return info.Type;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static string ByName(string name, string field) => name switch
    {
        "Int64" or "Int32" or "Int16" or "Byte" or "UInt64" or "UInt32" or "long" or "int" or "short" =>
            IsMoney(field) ? "must be an integer number of euro cents" : "must be an integer number",
        "Decimal" or "Double" or "Single" or "decimal" or "double" => "must be a number",
        "Boolean" or "bool" => "must be true or false",
        "DateTimeOffset" or "DateTime" => "must be an ISO 8601 date-time, like 2026-01-31T23:59:59+01:00",
        "DateOnly" => "must be a date, like 2026-01-31",
        "TimeSpan" => "must be a duration, like 00:30:00",
        "Guid" => "must be a UUID",
        "String" or "string" => "must be a string",
        _ when name.StartsWith("List", StringComparison.Ordinal) || name.StartsWith("IReadOnlyList", StringComparison.Ordinal)
            || name.StartsWith("IList", StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal) => "must be an array",
        _ => "must be an object",
    };

    // Amounts and fees are cents everywhere (CONVENTIONS: money is long cents).
    private static bool IsMoney(string field)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        return name.Contains("amount", StringComparison.OrdinalIgnoreCase) || name.Contains("fee", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("Cents", StringComparison.Ordinal);
    }

    // "System.Nullable`1[System.Int64]" → "Int64"; "System.Collections.Generic.List`1[…]" → "List`1[…]".
    private static string LastTypeName(string type)
    {
        if (type.StartsWith("System.Nullable`1[", StringComparison.Ordinal)) type = type["System.Nullable`1[".Length..^1];
        var generic = type.IndexOf('`', StringComparison.Ordinal);
        var head = generic < 0 ? type : type[..generic];
        return type[(head.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"\.[^.\[]+|\[\d+\]")]
    private static partial Regex PathSegment();

    [GeneratedRegex(@"could not be converted to ([^ ]+?)\.? Path:")]
    private static partial Regex Converted();

    [GeneratedRegex(@"^Duplicate propert(?:y|ies) '?([^' ]*)'?")]
    private static partial Regex Duplicate();

    [GeneratedRegex("""^Failed to bind parameter "(.+) (\w+)" from""")]
    private static partial Regex Binding();

    [GeneratedRegex("""^Required parameter "(.+) (\w+)" was not provided from (\w+)""")]
    private static partial Regex Missing();
}
