using System.Text.Json.Nodes;

namespace DebtPositions.Tests;

// A small deterministic generator of hostile request bodies: one valid body, one mutation of one of its values or of
// its text. The same seed gives the same bodies, so a failure can be replayed.
internal sealed class HostileMutations(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Controls = ["\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u009f", "\t", "\r\n"];

    private static readonly JsonNode?[] Oddities =
    [
        9_223_372_036_854_775_807, -9_223_372_036_854_775_807, 0, -1, 100_000_000_000, 1e300, 12.5,
        "9223372036854775808", "12050", "true", "", " ", new string('x', 10_000), "\u202e\u0645\u200b", "😀", "e\u0301",
        true, false, null, new JsonArray(), new JsonObject(), new JsonArray(1, 2),
        "0001-01-01T00:00:00Z", DateTimeOffset.MaxValue.ToString("O"), "0001-01-01", "9999-12-31", $"{DateTime.UtcNow.Year}-02-30T00:00:00Z",
    ];

    // A mutated copy of valid, as text, and what was done (for the failure message).
    public (string Body, string What) Next(JsonObject valid)
    {
        var body = valid.DeepClone().AsObject();
        var leaves = Leaves(body).ToList();
        var (parent, key) = leaves[_random.Next(leaves.Count)];
        switch (_random.Next(9))
        {
            case 0 or 1:
                var text = (parent is JsonObject po ? po[(string)key] : ((JsonArray)parent)[(int)key])?.ToString() ?? "x";
                var control = Controls[_random.Next(Controls.Length)];
                Set(parent, key, text.Insert(_random.Next(text.Length + 1), control));
                return (body.ToJsonString(), $"control U+{(int)control[0]:X4} in {key}");
            case 2 or 3 or 4:
                var odd = Oddities[_random.Next(Oddities.Length)]?.DeepClone();
                Set(parent, key, odd);
                return (body.ToJsonString(), $"{key} = {odd?.ToJsonString() ?? "null"}");
            case 5:
                if (parent is JsonObject gone) gone.Remove((string)key);
                return (body.ToJsonString(), $"{key} removed");
            case 6:
                JsonNode deep = "x";
                for (var i = 0; i < 100 + _random.Next(100); i++) deep = new JsonArray(deep);
                Set(parent, key, deep);
                return (body.ToJsonString(), $"{key} nested deep");
            case 7:
                var json = body.ToJsonString();
                var name = $"\"{key}\":";
                var at = json.IndexOf(name, StringComparison.Ordinal);
                return at < 0 ? (json, "unchanged") : (json.Insert(at, $"{name}\"again\","), $"{key} twice");
            default:
                var whole = body.ToJsonString();
                return (whole[.._random.Next(whole.Length)], "truncated");
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o) o[(string)key] = value;
        else ((JsonArray)parent)[(int)key] = value;
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Leaves(JsonNode node)
    {
        if (node is JsonObject o)
            foreach (var (name, child) in o.ToList())
                if (child is JsonObject or JsonArray) foreach (var leaf in Leaves(child)) yield return leaf;
                else yield return (o, name);
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
                if (a[i] is JsonObject or JsonArray) foreach (var leaf in Leaves(a[i]!)) yield return leaf;
                else yield return (a, i);
    }
}
