using System.Globalization;
using System.Xml.Linq;

namespace DebtPositions.Spontaneous;

// What the payer stated in `datiSpecificiServizio` (already valid against the service's XSD at the station): for the
// general service `<amount>` in euros with 2 decimals and `<description>`.
internal sealed record ServiceData(long? AmountCents, string? Description)
{
    public static ServiceData Parse(string xml)
    {
        // The station sends XML it has already parsed with DTDs prohibited; XElement.Parse never resolves
        // external entities, so this second parse cannot be abused either.
        var root = XElement.Parse(xml);
        var amountText = Child(root, "amount")?.Trim();
        long? cents = null;
        if (amountText is not null
            && decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros)
            && decimal.Round(euros, 2) == euros)
            cents = (long)(euros * 100);
        return new ServiceData(cents, Child(root, "description")?.Trim());
    }

    private static string? Child(XElement root, string localName) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}
