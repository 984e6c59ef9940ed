using System.Globalization;
using System.Xml.Linq;
using Web.Api;

namespace Web.Portal;

/// <summary>
/// The payer's form for one catalogue service, built from what the service takes in (ADR 0060): the general service
/// of GPD (general-service.xsd: a &lt;service&gt; element whose &lt;amount&gt;, euros with 2 decimals, and
/// &lt;description&gt; DebtPositions reads), with the amount asked only when the catalogue entry takes it from the
/// payer ("from-data") and capped at the entry's maximum. The same fields render the page, check the answers and
/// write the service's XML, so the form cannot ask for something the XML would not carry.
/// </summary>
public sealed class ServiceForm
{
    public const string GeneralServiceNamespace = "http://PuntoAccessoPSP.spcoop.gov.it/GeneralService";

    /// <summary>The position's description is the service's, a dash and this: it must fit GPD's 140 characters.</summary>
    public const int DescriptionMaxLength = 60;

    public sealed record Field(string Name, string Element, string Label, string Kind, bool Required, int MaxLength, string? Hint);

    private ServiceForm(string serviceId, SpontaneousService service, IReadOnlyList<Field> fields)
    {
        ServiceId = serviceId;
        Service = service;
        Fields = fields;
    }

    public string ServiceId { get; }
    public SpontaneousService Service { get; }
    public IReadOnlyList<Field> Fields { get; }

    public bool AsksAmount => Fields.Any(f => f.Kind == "amount");

    public static ServiceForm For(string serviceId, SpontaneousService service)
    {
        var fields = new List<Field>();
        if (service.AmountRule != "fixed")
            fields.Add(new Field("amount", "amount", "Importo in euro", "amount", true, 15,
                service.MaxAmountCents is { } max && max < 99_999_999_999 ? "max:" + max.ToString(CultureInfo.InvariantCulture) : null));
        fields.Add(new Field("description", "description", "Causale", "text", false, DescriptionMaxLength, null));
        return new ServiceForm(serviceId, service, fields);
    }

    /// <summary>The answers checked field by field (errors keyed by field name), and the service's XML when all are good.</summary>
    public (string? Xml, Dictionary<string, string> Errors) Read(IReadOnlyDictionary<string, string?> answers)
    {
        var errors = new Dictionary<string, string>();
        var root = new XElement(XName.Get("service", GeneralServiceNamespace));
        foreach (var field in Fields)
        {
            var value = (answers.GetValueOrDefault(field.Name) ?? "").Trim();
            if (value.Length == 0)
            {
                if (field.Required) errors[field.Name] = "required";
                continue;
            }
            if (value.Length > field.MaxLength) { errors[field.Name] = "too-long"; continue; }
            if (field.Kind == "amount")
            {
                if (Cents(value) is not { } cents || cents < 1) { errors[field.Name] = "amount"; continue; }
                if (Service.MaxAmountCents is { } max && cents > max) { errors[field.Name] = "too-much"; continue; }
                value = (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            }
            root.Add(new XElement(XName.Get(field.Element, GeneralServiceNamespace), value));
        }
        return (errors.Count == 0 ? root.ToString(SaveOptions.DisableFormatting) : null, errors);
    }

    /// <summary>"12,50", "12.50" or "12" euros as cents; null when not an amount with at most 2 decimals.</summary>
    public static long? Cents(string text)
    {
        var normalised = text.Replace("€", "", StringComparison.Ordinal).Trim().Replace(',', '.');
        if (normalised.Count(c => c == '.') > 1 || !normalised.All(c => char.IsAsciiDigit(c) || c == '.')) return null;
        if (!decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros)) return null;
        if (decimal.Round(euros, 2) != euros || euros > 999_999_999m) return null;
        return (long)(euros * 100);
    }
}
