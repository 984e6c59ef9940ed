using System.Globalization;
using System.Xml.Linq;

namespace Reporting.Treasury.Formats;

// Namespace-agnostic reading: camt versions and the CBI envelope differ in namespaces, not in element names.
internal static class Xml
{
    public static XElement? E(this XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> All(this XElement? element, string localName) =>
        element?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    public static XElement? Path(this XElement? element, params string[] localNames) =>
        localNames.Aggregate(element, (current, name) => current.E(name));

    public static string? Text(this XElement? element) =>
        element is null ? null : string.IsNullOrWhiteSpace(element.Value) ? null : element.Value.Trim();

    // An amount as exact cents; null when it has fractions of a cent (camt allows five decimals, money here has two).
    public static long? Cents(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount * 100 == decimal.Truncate(amount * 100)
            ? (long)(amount * 100)
            : null;

    public static DateOnly? Date(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : null;
}
