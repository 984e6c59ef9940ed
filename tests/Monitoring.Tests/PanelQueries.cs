using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monitoring.Tests;

// One query of one panel of a shipped dashboard, with its variables replaced as Grafana would.
public sealed record PanelQuery(string Dashboard, string Panel, string RefId, string Expression, bool Business)
{
    public override string ToString() => $"{Dashboard} / {Panel} / {RefId}: {Expression}";
}

// Reads infra/grafana/dashboards/*.json the way Grafana runs them, and names the metrics a PromQL expression reads.
public static partial class PanelQueries
{
    // Grafana's built-in variables, at the values of a 1-hour view with 15 s scrapes.
    private static readonly (string Name, string Value)[] BuiltIns =
        [("$__rate_interval", "1m"), ("$__interval", "15s"), ("$__range_s", "3600"), ("$__range", "1h")];

    private static readonly HashSet<string> Keywords =
        ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2"];

    public static string Folder => Path.Combine(Tools.RepositoryRoot(), "infra/grafana/dashboards");

    // Every target of every panel (rows' nested panels included). The business dashboard is the one tagged
    // "business".
    public static IReadOnlyList<PanelQuery> All()
    {
        var queries = new List<PanelQuery>();
        foreach (var file in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var dashboard = document.RootElement;
            var title = dashboard.GetProperty("title").GetString()!;
            var business = dashboard.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "business");
            var variables = Variables(dashboard);
            foreach (var panel in Panels(dashboard.GetProperty("panels")))
            {
                if (!panel.TryGetProperty("targets", out var targets)) continue;
                foreach (var target in targets.EnumerateArray())
                    queries.Add(new PanelQuery(title, panel.GetProperty("title").GetString()!, target.GetProperty("refId").GetString()!,
                        Substitute(target.GetProperty("expr").GetString()!, variables), business));
            }
        }
        return queries;
    }

    // The metric names an expression selects (not functions, labels, keywords or recording-rule-free literals).
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = QuotedString().Replace(expression, "\"\"");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = LabelLists().Replace(text, " ");
        return Identifier().Matches(text).Select(m => m.Value).Where(name => !Keywords.Contains(name)).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
                foreach (var inner in Panels(nested)) yield return inner;
        }
    }

    // Each dashboard variable at "All" (its allValue) when it offers it, else at its current value.
    private static Dictionary<string, string> Variables(JsonElement dashboard)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!dashboard.TryGetProperty("templating", out var templating)) return values;
        foreach (var variable in templating.GetProperty("list").EnumerateArray())
        {
            var name = variable.GetProperty("name").GetString()!;
            if (variable.TryGetProperty("includeAll", out var all) && all.GetBoolean())
                values[name] = variable.GetProperty("allValue").GetString()!;
            else if (variable.TryGetProperty("current", out var current) && current.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                values[name] = value.GetString()!;
        }
        return values;
    }

    private static string Substitute(string expression, Dictionary<string, string> variables)
    {
        foreach (var (name, value) in BuiltIns) expression = expression.Replace(name, value, StringComparison.Ordinal);
        foreach (var (name, value) in variables.OrderByDescending(v => v.Key.Length))
        {
            expression = Regex.Replace(expression, @"\$\{" + Regex.Escape(name) + @"(:[^}]*)?\}", value.Replace("$", "$$", StringComparison.Ordinal));
            expression = expression.Replace("[[" + name + "]]", value, StringComparison.Ordinal);
            expression = Regex.Replace(expression, @"\$" + Regex.Escape(name) + @"\b", value.Replace("$", "$$", StringComparison.Ordinal));
        }
        return expression;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    // A name not preceded by a word character, colon or dot (so not the "m" of 5m), and not a function call.
    [GeneratedRegex(@"(?<![\w:.])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()")]
    private static partial Regex Identifier();
}
