using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Web;

/// <summary>
/// How request bodies are read (docs/decisions/0022-strict-json.md): a property given twice is refused
/// (which of the two would win is a guess), numbers are numbers (a wire model that must accept "123"
/// says so with [JsonNumberHandling]), and every string obeys <see cref="PlainText"/>.
/// </summary>
public static class StrictJson
{
    /// <summary>The same rules for bodies read outside the minimal-API binder (bulk files).</summary>
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    });

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Insert(0, PlainTextConverter.SingleLine);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(PlainTextConverter.MarkMultiLine);
        return options;
    }

    /// <summary>JsonDocument/JsonNode parsing in request paths: duplicates refused there too.</summary>
    public static JsonDocumentOptions DocumentOptions => new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    internal static IServiceCollection AddStrictJson(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => Apply(o.SerializerOptions));
}
