using System.Text.RegularExpressions;

namespace DebtPositions.Spontaneous;

// The checks of a catalogue entry's input description against its schema (ADR 0091): every field fills a leaf element
// the schema declares under its root (any name under an open root), every element the schema requires has a field,
// a stated amount has an amount field to come from, and the description's template names only fields.
internal static partial class ServiceInputRules
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
        { "text", "amount", "date", "fiscal-code", "plate", "choice" };

    private const int MaxFields = 20;
    private const int MaxChoices = 30;

    public static void Check(SpontaneousServiceModel body, Dictionary<string, string[]> errors)
    {
        void Error(string key, string message) => errors.TryAdd(key, [message]);
        var outline = ServiceSchemas.Find(body.Schema ?? ServiceSchemas.GeneralService);
        if (outline is null)
        {
            Error("schema", "one of the shipped service schemas: " + string.Join(", ", ServiceSchemas.Files));
            return;
        }
        var fields = body.Fields ?? [];
        var fromData = (body.AmountRule ?? SpontaneousService.AmountFromData) == SpontaneousService.AmountFromData;
        if (fields.Count == 0)
        {
            // No fields: GPD's general service with its <amount> and <description>, as before entries described their input.
            if (outline.File != ServiceSchemas.GeneralService) Error("fields", $"required: the form's fields for {outline.File}");
            if (body.AmountElement is not null || body.DescriptionTemplate is not null) Error("fields", "required with amountElement or descriptionTemplate");
            return;
        }
        if (fields.Count > MaxFields) { Error("fields", $"at most {MaxFields} fields"); return; }

        var elements = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++) CheckField(fields[i], $"fields[{i}]", outline, elements, Error);
        foreach (var leaf in outline.Leaves.Where(l => l.Required && !elements.Contains(l.Path)))
            Error("fields", $"{outline.File} requires element {leaf.Path}: add a field for it");

        if (fromData)
        {
            var amountField = fields.FirstOrDefault(f => f is not null && f.Element == body.AmountElement);
            if (body.AmountElement is null) Error("amountElement", "required when the payer states the amount: the element of an amount field");
            else if (amountField is null || amountField.Kind != "amount") Error("amountElement", $"{body.AmountElement} is not the element of an amount field");
        }
        else if (body.AmountElement is not null) Error("amountElement", "only when the payer states the amount (amountRule from-data)");

        if (body.DescriptionTemplate is { } template)
        {
            if (template.Length > 140) Error("descriptionTemplate", "at most 140 characters");
            foreach (Match placeholder in Placeholder().Matches(template))
                if (!elements.Contains(placeholder.Groups[1].Value))
                    Error("descriptionTemplate", $"{{{placeholder.Groups[1].Value}}} is not the element of a field");
        }
    }

    private static void CheckField(ServiceFieldModel field, string key, ServiceSchemas.Outline outline, HashSet<string> elements, Action<string, string> error)
    {
        if (field is null) { error(key, "a field is an object"); return; }
        if (field.Element is not { } element || element.Length > 200 || !ElementPath().IsMatch(element))
            error(key + ".element", "required: the element's path under the root, local names separated by /");
        else if (!elements.Add(element))
            error(key + ".element", $"{element} already has a field");
        else if (!outline.Open && outline.Find(element) is null)
            error(key + ".element", $"{outline.File} has no element {element} under {outline.Root}; its elements: {string.Join(", ", outline.Leaves.Select(l => l.Path))}");
        else if (outline.Open && element.Contains('/'))
            error(key + ".element", $"{outline.File} takes only elements directly under {outline.Root}");
        if (string.IsNullOrWhiteSpace(field.Label) || field.Label.Length > 80) error(key + ".label", "required, at most 80 characters");
        if (field.LabelEn is { Length: > 80 }) error(key + ".labelEn", "at most 80 characters");
        if (field.Kind is null || !Kinds.Contains(field.Kind)) error(key + ".kind", "one of " + string.Join(", ", Kinds));
        if (field.MaxLength is { } max && max is < 1 or > 140) error(key + ".maxLength", "between 1 and 140");
        if (field.Pattern is { } pattern && !IsPattern(pattern)) error(key + ".pattern", "a regular expression of at most 200 characters");
        if (field.Kind == "choice")
        {
            var choices = field.Choices ?? [];
            if (choices.Count is 0 or > MaxChoices) error(key + ".choices", $"between 1 and {MaxChoices} choices");
            else if (choices.Any(c => c is null || string.IsNullOrWhiteSpace(c.Value) || c.Value.Length > 35 || string.IsNullOrWhiteSpace(c.Label) || c.Label.Length > 80 || c.LabelEn is { Length: > 80 }))
                error(key + ".choices", "each choice has a value (at most 35 characters) and a label (at most 80)");
            else if (field.Element is { } path && outline.Find(path) is { Enumeration.Count: > 0 } leaf && choices.FirstOrDefault(c => !leaf.Enumeration.Contains(c.Value!)) is { } stray)
                error(key + ".choices", $"{stray.Value} is not one of the schema's values: {string.Join(", ", leaf.Enumeration)}");
        }
        else if (field.Choices is { Count: > 0 }) error(key + ".choices", "only for a choice field");
    }

    private static bool IsPattern(string pattern)
    {
        if (pattern.Length is 0 or > 200) return false;
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}(/[A-Za-z_][A-Za-z0-9_.\-]{0,63}){0,4}$")]
    private static partial Regex ElementPath();

    [GeneratedRegex(@"\{([^{}]{1,200})\}")]
    public static partial Regex Placeholder();
}
