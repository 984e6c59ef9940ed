using System.Text.Json;

namespace Testing;

// Checks a JSON answer against a schema of an OpenAPI document, for the subset of JSON Schema the pagoPA documents
// use: type, properties (undeclared ones are reported too: a fake that invents a field has drifted), required, items,
// $ref, enum, pattern, minimum/maximum, minItems/maxItems, and the date and date-time formats.
public sealed class OpenApiConformance(JsonElement document)
{
    public static OpenApiConformance Load(string file) => new(JsonDocument.Parse(File.ReadAllText(file)).RootElement);

    // pagoPA's FdR REST API for organisations (Specs/fdr_organization.json): what the FdR fakes must answer.
    public static OpenApiConformance FdrOrganization() => Load(Path.Combine(AppContext.BaseDirectory, "Specs", "fdr_organization.json"));

    // Whether the document declares method on route (parameter names and route constraints aside).
    public bool Declares(string method, string route) =>
        document.GetProperty("paths").EnumerateObject().Any(p => Template(p.Name) == Template(route)
            && p.Value.TryGetProperty(method.ToLowerInvariant(), out _));

    // The schema the document names for status answers of method on route.
    public string ResponseSchema(string method, string route, int status)
    {
        var path = document.GetProperty("paths").EnumerateObject().Single(p => Template(p.Name) == Template(route)).Value;
        var reference = path.GetProperty(method.ToLowerInvariant()).GetProperty("responses").GetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        return reference.Split('/')[^1];
    }

    private static string Template(string route) => System.Text.RegularExpressions.Regex.Replace(route.TrimEnd('/'), "{[^}]*}", "{}");

    public List<string> Check(JsonElement value, string schemaName)
    {
        var errors = new List<string>();
        Check(value, Resolve($"#/components/schemas/{schemaName}"), "$", errors);
        return errors;
    }

    private void Check(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference)) schema = Resolve(reference.GetString()!);
        if (value.ValueKind == JsonValueKind.Null) return; // optional fields may be null; required ones are checked by presence
        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            errors.Add($"{path}: {value.ValueKind}, expected {type.GetString()}");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
            errors.Add($"{path}: '{value}' is not one of the enumerated values");
        if (value.ValueKind == JsonValueKind.String) CheckString(value.GetString()!, schema, path, errors);
        if (value.ValueKind == JsonValueKind.Number) CheckNumber(value.GetDecimal(), schema, path, errors);
        if (value.ValueKind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (schema.TryGetProperty("minItems", out var min) && count < min.GetInt32()) errors.Add($"{path}: {count} items, minimum {min}");
            if (schema.TryGetProperty("maxItems", out var max) && count > max.GetInt32()) errors.Add($"{path}: {count} items, maximum {max}");
            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray()) Check(item, items, $"{path}[{i++}]", errors);
            }
        }
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}.{name}: required, missing");
            foreach (var property in value.EnumerateObject())
                if (properties.TryGetProperty(property.Name, out var propertySchema)) Check(property.Value, propertySchema, $"{path}.{property.Name}", errors);
                else errors.Add($"{path}.{property.Name}: not in the schema");
        }
    }

    private static void CheckString(string text, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("pattern", out var pattern) && !System.Text.RegularExpressions.Regex.IsMatch(text, pattern.GetString()!))
            errors.Add($"{path}: '{text}' does not match {pattern}");
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format == "date-time" && !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            errors.Add($"{path}: '{text}' is not a date-time");
        if (format == "date" && !DateOnly.TryParseExact(text, "yyyy-MM-dd", out _)) errors.Add($"{path}: '{text}' is not a date");
    }

    private static void CheckNumber(decimal number, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("minimum", out var min) && number < min.GetDecimal()) errors.Add($"{path}: {number} below {min}");
        if (schema.TryGetProperty("maximum", out var max) && number > max.GetDecimal()) errors.Add($"{path}: {number} above {max}");
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    private JsonElement Resolve(string reference) =>
        reference.TrimStart('#', '/').Split('/').Aggregate(document, (node, segment) => node.GetProperty(segment));
}
