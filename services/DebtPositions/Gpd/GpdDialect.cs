using System.Text.Json;
using DebtPositions.Validation;

namespace DebtPositions.Gpd;

// How one GPD API version (v1, v3) speaks over the one model: where its positions live and how it answers. Create,
// update, list and the transitions are written once against this.
internal sealed record GpdDialect<TResponse>(string Prefix, Func<Position, TResponse> Respond)
{
    public string Location(string organization, string iupd) =>
        $"{Prefix.Replace("{organizationfiscalcode}", organization, StringComparison.Ordinal)}/{iupd}";
}

internal static class GpdDialects
{
    public static readonly GpdDialect<PositionResponse> V1 = new(DebtPositionsApi.Prefix, GpdMapping.ToResponse);
}

// A request body as the service's draft, with what only the wire form can tell: its own structural errors and how a
// field path of the draft (v1's JSON path) is named on the wire.
internal sealed record PositionRequest(
    PositionDraft Body, object Wire, Func<string, string?> FieldPath, Dictionary<string, string[]> WireErrors)
{
    public static PositionRequest V1(PaymentPositionModel body) => new(body.ToDraft(), body, path => path, []);

    // The draft's validation, its keys renamed to the wire's paths.
    public Dictionary<string, string[]> Validate(DateTimeOffset now) => Merge(WireErrors, Rename(PositionValidator.Validate(Body, now)));

    // Renames keys (a null name drops an error the wire form reports elsewhere); messages of keys that meet are
    // merged.
    public Dictionary<string, string[]> Rename(Dictionary<string, string[]> errors)
    {
        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
            if (FieldPath(key) is { } name) renamed = Merge(renamed, new() { [name] = messages });
        return renamed;
    }

    public byte[] Hash(JsonSerializerOptions options) =>
        System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(Wire, Wire.GetType(), options));

    private static Dictionary<string, string[]> Merge(Dictionary<string, string[]> a, Dictionary<string, string[]> b)
    {
        var merged = new Dictionary<string, string[]>(a, StringComparer.Ordinal);
        foreach (var (key, messages) in b)
            merged[key] = merged.TryGetValue(key, out var existing) ? existing.Concat(messages).Distinct(StringComparer.Ordinal).ToArray() : messages;
        return merged;
    }
}
