using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.Tests;

// One mutated JSON body: what was done, the bytes, and whether every API must refuse it.
internal sealed record JsonMutation(string What, byte[] Body, bool MustRefuse);

// Mutations of a valid JSON body, field by field and as a whole, with a seeded Random choosing the values: the same
// seed gives the same bodies. Raw fragments (a lone surrogate escape, a number no type can hold, deep nesting, a
// duplicate key) replace a marker in the serialised text.
internal sealed class JsonMutations(Random random, bool gpdCoercion, IReadOnlySet<string>? multiLine = null)
{
    private const string Slot = "@@hostile-slot@@";
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Controls = ["\u0001", "\u001b", "\u007f", "\u0085", "\u009f", "\u000b", "\t", "\n"];
    private static readonly string[] UnicodeOddities =
        ["\\ud800", "\\udfff", "\\udc00\\ud800", "\u202e", "\u200f\u202b", "\ufeff", "\u200d", "\uffff", "e\u0301\u0301\u0301", "😀", "\u00a0", "\u2028"];
    private static readonly string[] WrongTypes = ["12345", "true", "[]", "{}", "[\"x\"]", "1.5"];
    private static readonly string[] HugeNumbers =
        ["-1", "0", "9223372036854775807", "-9223372036854775808", "99999999999999999999999", "1e308", "1e400", "12.5", "100000000000", "99999999999", "-0", "1E2"];
    private static readonly HashSet<string> Unrepresentable = ["99999999999999999999999", "1e308", "1e400", "12.5"];
    private static readonly string[] ExtremeDates =
        ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "2026-02-30T00:00:00Z", "1899-12-31T23:59:59Z", "2026-06-01T00:00:00+14:00", "2026-06-01", "9999-12-31", "0001-01-01"];

    // Every mutation of valid; prepare runs on each copy first (a unique iupd).
    public IEnumerable<JsonMutation> All(JsonObject valid, Action<JsonObject>? prepare = null)
    {
        JsonObject Copy()
        {
            var copy = valid.DeepClone().AsObject();
            prepare?.Invoke(copy);
            return copy;
        }

        foreach (var (path, kind) in Leaves(valid, ""))
            foreach (var mutation in LeafMutations(Copy, path, kind)) yield return mutation;
        foreach (var path in Properties(valid, ""))
        {
            yield return Replace(Copy(), path, $"{path} missing", null, remove: true);
            yield return Replace(Copy(), path, $"{path} = null", "null");
            var original = Get(valid, path)!.ToJsonString(Raw);
            yield return Replace(Copy(), path, $"{path} twice", $"{original},\"{LastName(path)}\":{original}", mustRefuse: true);
        }
        foreach (var mutation in Whole(Copy)) yield return mutation;
    }

    private IEnumerable<JsonMutation> LeafMutations(Func<JsonObject> copy, string path, JsonValueKind kind)
    {
        var value = Get(copy(), path)!;
        if (kind == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            var at = random.Next(text.Length + 1);
            yield return Set(copy(), path, $"{path} with NUL", text.Insert(at, "\u0000"), mustRefuse: true);
            // [MultiLineText] fields may hold TAB, CR and LF (ADR 0022); every other control character is refused everywhere.
            var control = Controls[random.Next(Controls.Length)];
            var allowed = control is "\t" or "\n" && multiLine?.Contains(LastName(path)) == true;
            yield return Set(copy(), path, $"{path} with U+{(int)control[0]:X4}", text.Insert(at, control), mustRefuse: !allowed);
            var odd = UnicodeOddities[random.Next(UnicodeOddities.Length)];
            yield return Replace(copy(), path, $"{path} with {Escape(odd)}", "\"" + Escaped(text[..at]) + odd + Escaped(text[at..]) + "\"");
            var wrong = WrongTypes[random.Next(WrongTypes.Length)];
            yield return Replace(copy(), path, $"{path} = {wrong}", wrong, mustRefuse: true);
            yield return Set(copy(), path, $"{path} of 10000 chars", string.Concat(Enumerable.Repeat(text.Length > 0 ? text : "x", 10_000))[..10_000]);
            if (path.Contains("date", StringComparison.OrdinalIgnoreCase))
            {
                var date = ExtremeDates[random.Next(ExtremeDates.Length)];
                yield return Set(copy(), path, $"{path} = {date}", date);
            }
        }
        else if (kind == JsonValueKind.Number)
        {
            foreach (var huge in new[] { HugeNumbers[random.Next(HugeNumbers.Length)], HugeNumbers[random.Next(HugeNumbers.Length)] }.Distinct())
                yield return Replace(copy(), path, $"{path} = {huge}", huge, mustRefuse: Unrepresentable.Contains(huge));
            yield return Replace(copy(), path, $"{path} as a string", $"\"{value.ToJsonString()}\"", mustRefuse: !gpdCoercion);
        }
        else
        {
            var flag = value.ToJsonString();
            yield return Replace(copy(), path, $"{path} as the string \"{flag}\"", $"\"{flag}\"", mustRefuse: !gpdCoercion);
            yield return Replace(copy(), path, $"{path} = 1", "1", mustRefuse: true);
        }
    }

    private IEnumerable<JsonMutation> Whole(Func<JsonObject> copy)
    {
        var leaves = Leaves(copy(), "").Select(l => l.Path).ToList();
        string Somewhere() => leaves[random.Next(leaves.Count)];
        foreach (var (depth, open, close) in new[] { (1_000, "[", "]"), (100_000, "[", "]"), (1_000, "{\"a\":", "}") })
        {
            var path = Somewhere();
            var deep = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
            yield return Replace(copy(), path, $"{path} nested {depth} deep in {open}", deep, mustRefuse: true);
        }
        foreach (var (name, extra) in new[] { ("unexpected", "1"), ("$type", "\"System.IO.FileInfo, System.IO\""), ("__proto__", "{\"admin\":true}"), ("$ref", "\"#/0\"") })
        {
            var body = copy();
            body[name] = Slot;
            yield return Text(body, $"extra field {name}", "\"" + Slot + "\"", extra);
        }
        var text = copy().ToJsonString(Raw);
        foreach (var cut in new[] { 1, random.Next(2, text.Length / 2), random.Next(text.Length / 2, text.Length - 1) })
            yield return new($"truncated at {cut} of {text.Length}", Encoding.UTF8.GetBytes(text[..cut]), true);
        var bytes = Encoding.UTF8.GetBytes(text);
        var quote = Array.IndexOf(bytes, (byte)'"', Array.IndexOf(bytes, (byte)':') + 1) + 1;
        yield return new("invalid UTF-8 byte 0xFF in a string", [.. bytes[..quote], 0xFF, .. bytes[quote..]], true);
        yield return new("overlong UTF-8 0xC0 0xAF in a string", [.. bytes[..quote], 0xC0, 0xAF, .. bytes[quote..]], true);
        yield return new("UTF-8 BOM first", [0xEF, 0xBB, 0xBF, .. bytes], false);
        foreach (var other in new[] { "", "null", "[]", "\"x\"", "0", "{", "}", text + " {}", text[..^1] + ",}", "/* c */" + text, "{'iupd':'x'}" })
            yield return new($"body {Shorten(other)}", Encoding.UTF8.GetBytes(other), true);
        yield return new("body padded to 1.1 MiB", Encoding.UTF8.GetBytes(text + new string(' ', 1100 * 1024)), true);
    }

    private static JsonMutation Set(JsonObject body, string path, string what, string value, bool mustRefuse = false)
    {
        SetNode(body, path, JsonValue.Create(value));
        return new(what, Encoding.UTF8.GetBytes(body.ToJsonString(Raw)), mustRefuse);
    }

    private static JsonMutation Replace(JsonObject body, string path, string what, string? fragment, bool mustRefuse = false, bool remove = false)
    {
        if (remove)
        {
            var (parent, key) = Locate(body, path);
            ((JsonObject)parent).Remove((string)key);
            return new(what, Encoding.UTF8.GetBytes(body.ToJsonString(Raw)), mustRefuse);
        }
        SetNode(body, path, JsonValue.Create(Slot));
        return Text(body, what, "\"" + Slot + "\"", fragment!, mustRefuse);
    }

    private static JsonMutation Text(JsonObject body, string what, string marker, string fragment, bool mustRefuse = false)
    {
        var text = body.ToJsonString(Raw).Replace(marker, fragment, StringComparison.Ordinal);
        return new(what, Encoding.UTF8.GetBytes(text), mustRefuse);
    }

    // Leaf values (strings, numbers, booleans) with their paths, e.g. paymentOption[0].transfer[0].amount.
    public static IEnumerable<(string Path, JsonValueKind Kind)> Leaves(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value!, Join(path, p.Key))),
        JsonArray a => a.SelectMany((item, i) => Leaves(item!, $"{path}[{i}]")),
        _ => [(path, node.GetValueKind())],
    };

    // Every property of every object (containers included).
    private static IEnumerable<string> Properties(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Properties(p.Value!, Join(path, p.Key)).Prepend(Join(path, p.Key))),
        JsonArray a => a.SelectMany((item, i) => Properties(item!, $"{path}[{i}]")),
        _ => [],
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string LastName(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static JsonNode? Get(JsonObject body, string path)
    {
        var (parent, key) = Locate(body, path);
        return parent is JsonObject o ? o[(string)key] : ((JsonArray)parent)[(int)key];
    }

    private static void SetNode(JsonObject body, string path, JsonNode? value)
    {
        var (parent, key) = Locate(body, path);
        if (parent is JsonObject o) o[(string)key] = value;
        else ((JsonArray)parent)[(int)key] = value;
    }

    // The container of the last step of path and its key or index.
    private static (JsonNode Parent, object Key) Locate(JsonObject body, string path)
    {
        JsonNode current = body;
        var steps = path.Split('.');
        for (var s = 0; s < steps.Length; s++)
        {
            var parts = steps[s].Split('[');
            var name = parts[0];
            var indexes = parts.Skip(1).Select(p => int.Parse(p.TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (s == steps.Length - 1 && indexes.Count == 0) return (current, name);
            current = current[name]!;
            for (var i = 0; i < indexes.Count; i++)
            {
                if (s == steps.Length - 1 && i == indexes.Count - 1) return (current, indexes[i]);
                current = current[indexes[i]]!;
            }
        }
        throw new InvalidOperationException("empty path");
    }

    private static string Escaped(string text) => JsonSerializer.Serialize(text, Raw)[1..^1];

    private static string Escape(string odd) => string.Concat(odd.Select(c => c is < ' ' or > '~' ? $"U+{(int)c:X4}" : c.ToString()));

    private static string Shorten(string text) => text.Length > 24 ? $"'{text[..12]}…' ({text.Length} chars)" : $"'{text}'";
}
