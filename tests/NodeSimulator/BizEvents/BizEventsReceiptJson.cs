using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace NodeSimulator.BizEvents;

// A receipt the Node produced, as biz-events answers it: CtReceiptModelResponse of `openapi/biz_events.json`.
internal static class BizEventsReceiptJson
{
    public static JsonObject From(XElement receipt)
    {
        var json = new JsonObject
        {
            ["receiptId"] = Text(receipt, "receiptId"),
            ["noticeNumber"] = Text(receipt, "noticeNumber"),
            ["fiscalCode"] = Text(receipt, "fiscalCode"),
            ["outcome"] = Text(receipt, "outcome"),
            ["creditorReferenceId"] = Text(receipt, "creditorReferenceId"),
            ["paymentAmount"] = Amount(receipt, "paymentAmount"),
            ["description"] = Text(receipt, "description"),
            ["companyName"] = Text(receipt, "companyName"),
            ["officeName"] = Text(receipt, "officeName"),
            ["debtor"] = Subject(receipt.Element("debtor")),
            ["transferList"] = new JsonArray(receipt.Element("transferList")!.Elements("transfer").Select(Transfer).ToArray<JsonNode?>()),
            ["idPSP"] = Text(receipt, "idPSP"),
            ["pspCompanyName"] = Text(receipt, "PSPCompanyName"),
            ["idChannel"] = Text(receipt, "idChannel"),
            ["channelDescription"] = Text(receipt, "channelDescription"),
            ["payer"] = Subject(receipt.Element("payer")),
            ["paymentMethod"] = Text(receipt, "paymentMethod"),
            ["fee"] = Amount(receipt, "fee"),
            ["paymentDateTime"] = Text(receipt, "paymentDateTime"),
            ["applicationDate"] = Text(receipt, "applicationDate"),
            ["transferDate"] = Text(receipt, "transferDate"),
        };
        // The spec's schema has no nulls: an absent element is an absent property.
        foreach (var empty in json.Where(p => p.Value is null).Select(p => p.Key).ToList()) json.Remove(empty);
        return json;
    }

    private static JsonObject? Subject(XElement? subject)
    {
        if (subject is null) return null;
        var id = subject.Element("uniqueIdentifier");
        var json = new JsonObject
        {
            ["entityUniqueIdentifierType"] = id?.Element("entityUniqueIdentifierType")?.Value,
            ["entityUniqueIdentifierValue"] = id?.Element("entityUniqueIdentifierValue")?.Value,
            ["fullName"] = Text(subject, "fullName"),
            ["streetName"] = Text(subject, "streetName"),
            ["civicNumber"] = Text(subject, "civicNumber"),
            ["postalCode"] = Text(subject, "postalCode"),
            ["city"] = Text(subject, "city"),
            ["stateProvinceRegion"] = Text(subject, "stateProvinceRegion"),
            ["country"] = Text(subject, "country"),
            ["email"] = Text(subject, "e-mail"),
        };
        foreach (var empty in json.Where(p => p.Value is null).Select(p => p.Key).ToList()) json.Remove(empty);
        return json;
    }

    private static JsonObject Transfer(XElement transfer)
    {
        var json = new JsonObject
        {
            ["idTransfer"] = int.Parse(transfer.Element("idTransfer")!.Value, CultureInfo.InvariantCulture),
            ["transferAmount"] = Amount(transfer, "transferAmount"),
            ["fiscalCodePA"] = Text(transfer, "fiscalCodePA"),
            ["iban"] = Text(transfer, "IBAN"),
            ["mbdAttachment"] = Text(transfer, "MBDAttachment"),
            ["remittanceInformation"] = Text(transfer, "remittanceInformation"),
            ["transferCategory"] = Text(transfer, "transferCategory"),
        };
        foreach (var empty in json.Where(p => p.Value is null).Select(p => p.Key).ToList()) json.Remove(empty);
        return json;
    }

    private static string? Text(XElement parent, string name) => parent.Element(name)?.Value;

    private static JsonNode? Amount(XElement parent, string name) =>
        parent.Element(name) is { } e ? JsonValue.Create(decimal.Parse(e.Value, CultureInfo.InvariantCulture)) : null;
}
