using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Web.Api;

namespace Web.Portal;

// The payer's form for one catalogue service, built from the fields its catalogue entry describes (ADR 0060, 0091):
// each field fills an element of the service's schema (a path under its root) and has a kind (text, amount, date,
// fiscal code, plate, choice list) with its limits. An entry without fields is GPD's general service
// (general-service.xsd: <amount>, asked only when the payer states it, and <description>). The same fields render the
// page, check the answers and write the service's XML in the schema's namespace, so the form cannot ask for something
// the XML would not carry.
public sealed partial class ServiceForm
{
    public const string GeneralServiceNamespace = "http://PuntoAccessoPSP.spcoop.gov.it/GeneralService";

    // The position's description is the service's, a dash and this: it must fit GPD's 140 characters.
    public const int DescriptionMaxLength = 60;

    // One input. Translate: the label is one of ours, looked up in the resources; otherwise it is the EC's (Label
    // Italian, LabelEn English when given).
    public sealed record Field(string Name, string Element, string Label, string? LabelEn, bool Translate, string Kind, bool Required,
        int MaxLength, string? Pattern, IReadOnlyList<CatalogueChoice> Choices, string? Hint)
    {
        public string LabelFor(CultureInfo culture) =>
            culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(LabelEn) ? LabelEn : Label;

        public static string ChoiceLabel(CatalogueChoice choice, CultureInfo culture) =>
            culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(choice.LabelEn) ? choice.LabelEn : choice.Label ?? choice.Value ?? "";
    }

    private ServiceForm(string serviceId, CatalogueEntry service, XName root, IReadOnlyList<Field> fields)
    {
        ServiceId = serviceId;
        Service = service;
        Root = root;
        Fields = fields;
    }

    public string ServiceId { get; }
    public CatalogueEntry Service { get; }
    public XName Root { get; }
    public IReadOnlyList<Field> Fields { get; }

    public bool AsksAmount => Fields.Any(f => f.Kind == "amount");

    public static ServiceForm For(string serviceId, CatalogueEntry service)
    {
        var maxHint = service.MaxAmountCents is { } max && max < 99_999_999_999 ? "max:" + max.ToString(CultureInfo.InvariantCulture) : null;
        if (service.Fields is not { Count: > 0 } described)
        {
            var fields = new List<Field>();
            if (service.AmountRule != "fixed")
                fields.Add(new Field("amount", "amount", "Importo in euro", null, true, "amount", true, 15, null, [], maxHint));
            fields.Add(new Field("description", "description", "Causale", null, true, "text", false, DescriptionMaxLength, null, [], null));
            return new ServiceForm(serviceId, service, XName.Get("service", GeneralServiceNamespace), fields);
        }
        var root = XName.Get(service.SchemaRoot ?? "service", service.SchemaNamespace ?? GeneralServiceNamespace);
        return new ServiceForm(serviceId, service, root, described.Select((f, i) => new Field($"f{i}", f.Element ?? "", f.Label ?? f.Element ?? "",
            f.LabelEn, false, f.Kind ?? "text", f.Required == true, f.MaxLength ?? (f.Kind == "amount" ? 15 : 140), f.Pattern, f.Choices ?? [],
            f.Kind == "amount" && f.Element == service.AmountElement ? maxHint : null)).ToList());
    }

    // The answers checked field by field (errors keyed by field name), and the service's XML when all are good.
    public (string? Xml, Dictionary<string, string> Errors) Read(IReadOnlyDictionary<string, string?> answers)
    {
        var errors = new Dictionary<string, string>();
        var root = new XElement(Root);
        foreach (var field in Fields)
        {
            var value = (answers.GetValueOrDefault(field.Name) ?? "").Trim();
            if (value.Length == 0)
            {
                if (field.Required) errors[field.Name] = "required";
                continue;
            }
            if (Normalise(field, value, out var error) is not { } written) { errors[field.Name] = error!; continue; }
            if (written.Length > field.MaxLength) { errors[field.Name] = "too-long"; continue; }
            if (field.Pattern is { } pattern && !Matches(pattern, written)) { errors[field.Name] = "pattern"; continue; }
            Place(root, field.Element).Value = written;
        }
        return (errors.Count == 0 ? root.ToString(SaveOptions.DisableFormatting) : null, errors);
    }

    // The value as the XML carries it, or null and the error's code.
    private string? Normalise(Field field, string value, out string? error)
    {
        error = null;
        switch (field.Kind)
        {
            case "amount":
                if (Cents(value) is not { } cents || cents < 1) { error = "amount"; return null; }
                if (field.Hint is not null && Service.MaxAmountCents is { } max && cents > max) { error = "too-much"; return null; }
                return (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            case "date":
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && !DateOnly.TryParseExact(value, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) { error = "date"; return null; }
                return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "fiscal-code":
                value = value.ToUpperInvariant();
                if (!FiscalCode().IsMatch(value)) { error = "fiscal-code"; return null; }
                return value;
            case "plate":
                value = value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
                if (!Plate().IsMatch(value)) { error = "plate"; return null; }
                return value;
            case "choice":
                if (!field.Choices.Any(c => c.Value == value)) { error = "choice"; return null; }
                return value;
            default:
                return value;
        }
    }

    private static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // The element at a path under the root, its ancestors created in the root's namespace (the fields come in the
    // schema's order, so the ancestors are too).
    private static XElement Place(XElement root, string path)
    {
        var element = root;
        foreach (var name in path.Split('/'))
        {
            var xname = XName.Get(name, root.Name.NamespaceName);
            var child = element.Elements(xname).FirstOrDefault();
            if (child is null) element.Add(child = new XElement(xname));
            element = child;
        }
        return element;
    }

    // "12,50", "12.50" or "12" euros as cents; null when not an amount with at most 2 decimals.
    public static long? Cents(string text)
    {
        var normalised = text.Replace("€", "", StringComparison.Ordinal).Trim().Replace(',', '.');
        if (normalised.Count(c => c == '.') > 1 || !normalised.All(c => char.IsAsciiDigit(c) || c == '.')) return null;
        if (!decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros)) return null;
        if (decimal.Round(euros, 2) != euros || euros > 999_999_999m) return null;
        return (long)(euros * 100);
    }

    [GeneratedRegex("^([A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]|[0-9]{11})$")]
    private static partial Regex FiscalCode();

    [GeneratedRegex("^[A-Z0-9]{5,8}$")]
    private static partial Regex Plate();
}
