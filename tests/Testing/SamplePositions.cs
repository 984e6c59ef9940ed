using System.Globalization;
using System.Text.Json.Nodes;

namespace Testing;

// The GPD v1 position the end-to-end tests pay: one citizen, one single-payment option due in 30 days, one transfer
// of the whole amount to the demo EC's IBAN. Kept in one place so that a change to the API's required fields is made
// once.
public static class SamplePositions
{
    // The position iupd, with the option's and the transfer's texts and accounting data as given.
    public static JsonObject SinglePayment(
        string iupd, long amountCents = 12_050, string description = "TARI 2026 - rata unica", string remittance = "TARI 2026",
        string? accountingChapter = null, string? accountingAssessment = null)
    {
        var transfer = new JsonObject
        {
            ["idTransfer"] = "1",
            ["amount"] = amountCents,
            ["remittanceInformation"] = remittance,
            ["category"] = "9/0101108TS/",
            ["iban"] = "IT60X0542811101000000123456",
        };
        if (accountingChapter is not null) transfer["accountingChapter"] = accountingChapter;
        if (accountingAssessment is not null) transfer["accountingAssessment"] = accountingAssessment;
        return new JsonObject
        {
            ["iupd"] = iupd,
            ["type"] = "F",
            ["fiscalCode"] = "RSSMRA80A01H501U",
            ["fullName"] = "Mario Rossi",
            ["companyName"] = "Comune di Demo",
            ["switchToExpired"] = false,
            ["paymentOption"] = new JsonArray(new JsonObject
            {
                ["amount"] = amountCents,
                ["description"] = description,
                ["isPartialPayment"] = false,
                ["dueDate"] = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'23:59:59'Z'", CultureInfo.InvariantCulture),
                ["transfer"] = new JsonArray(transfer),
            }),
        };
    }
}
