using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Web.Tests;

// Positions and import files as a municipal system would send them.
internal static class Positions
{
    public static object OneNotice(string iupd) => new
    {
        iupd, type = "F", fiscalCode = "RSSMRA80A01H501U", fullName = "Mario Rossi", companyName = "Comune di Prova", switchToExpired = false,
        paymentOption = new[]
        {
            new
            {
                amount = 12_050, description = "TARI 2026", isPartialPayment = false, dueDate = DateTimeOffset.UtcNow.AddDays(30), fee = 0,
                transfer = new[] { new { idTransfer = "1", amount = 12_050, remittanceInformation = "TARI 2026", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" } },
            },
        },
    };

    public static string FirstNav(string positionJson) => (string)JsonNode.Parse(positionJson)!["paymentOption"]![0]!["nav"]!;

    // A CSV of the import format; the bad rows have an impossible fiscal code and are rejected.
    public static string Csv(int rows, int badRows)
    {
        var due = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var batch = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban\n");
        for (var i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"WEB-IMP-{batch}-{i},F,RSSMRA80A01H501U,Mario Rossi,Comune di Prova,TARI,1000,{due},TARI 2026,9/0101108TS/,IT60X0542811101000000123456\n");
        for (var i = 0; i < badRows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"WEB-IMP-BAD-{batch}-{i},F,RSSMRA80A01H501X,Mario Rossi,Comune di Prova,TARI,1000,{due},TARI 2026,9/0101108TS/,IT60X0542811101000000123456\n");
        return csv.ToString();
    }
}
