using System.Text.RegularExpressions;
using System.Xml.Linq;
using Contracts.DebtPositions;

namespace NodeAdapter.Soap;

// A debtor or payer as ctSubject: optional fields that would break the XSD are left out.
internal static partial class Subject
{
    public static XElement ToXml(string name, DebtorSnapshot debtor) => new(name,
        new XElement("uniqueIdentifier",
            new XElement("entityUniqueIdentifierType", debtor.Type == "G" ? "G" : "F"),
            // pagoPA's convention for an unknown debtor is ANONIMO (SANP-PRIM).
            new XElement("entityUniqueIdentifierValue", SoapText.Bounded(debtor.FiscalCode, 16, "ANONIMO"))),
        new XElement("fullName", SoapText.Bounded(debtor.FullName, 70)),
        SoapText.Optional("streetName", debtor.StreetName, 70),
        SoapText.Optional("civicNumber", debtor.CivicNumber, 16),
        SoapText.Optional("postalCode", debtor.PostalCode, 16),
        SoapText.Optional("city", debtor.City, 35),
        SoapText.Optional("stateProvinceRegion", debtor.Province, 35),
        debtor.Country is { } country && CountryPattern().IsMatch(country) ? new XElement("country", country) : null,
        debtor.Email is { } email && EmailPattern().IsMatch(email) && email.Length <= 256 ? new XElement("e-mail", email) : null);

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_\.\+\-]+@[a-zA-Z0-9\-]+(\.[a-zA-Z0-9\-]+)*$")]
    private static partial Regex EmailPattern();
}
