using System.Globalization;
using System.Xml.Linq;

namespace DebtPositions.Spontaneous;

// What the payer stated in `datiSpecificiServizio` (already valid against the service's XSD at the station), read as
// the catalogue entry says (ADR 0091): the amount, in euros with 2 decimals, from the entry's amount element, and the
// description composed from its template ({element} is that field's value, a choice's label for a choice). An entry
// without fields is GPD's general service: <amount> and <description>.
internal sealed record ServiceData(long? AmountCents, string? Description)
{
    public static ServiceData Parse(string xml, SpontaneousService service)
    {
        // The station sends XML it has already parsed with DTDs prohibited; XElement.Parse never resolves
        // external entities, so this second parse cannot be abused either.
        var root = XElement.Parse(xml);
        var fields = service.ReadFields();
        var amountText = Value(root, fields.Count == 0 ? SpontaneousService.LegacyAmountElement : service.AmountElement)?.Trim();
        long? cents = null;
        if (amountText is not null
            && decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros)
            && decimal.Round(euros, 2) == euros && euros < 1_000_000_000m)
            cents = (long)(euros * 100);
        var description = fields.Count == 0 ? Value(root, SpontaneousService.LegacyDescriptionElement)?.Trim()
            : service.DescriptionTemplate is { } template ? Compose(template, root, fields)
            : null;
        return new ServiceData(cents, description);
    }

    private static string Compose(string template, XElement root, IReadOnlyList<ServiceFieldModel> fields) =>
        ServiceInputRules.Placeholder().Replace(template, placeholder =>
        {
            var path = placeholder.Groups[1].Value;
            var value = Value(root, path)?.Trim() ?? "";
            var choice = fields.FirstOrDefault(f => f.Element == path)?.Choices?.FirstOrDefault(c => c.Value == value);
            return choice?.Label ?? value;
        }).Trim();

    // The element at a path of local names under the root.
    private static string? Value(XElement root, string? path)
    {
        if (path is null) return null;
        XElement? element = root;
        foreach (var name in path.Split('/'))
            element = element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        return element?.Value;
    }
}
