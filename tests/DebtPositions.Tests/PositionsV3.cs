using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DebtPositions.Tests;

// Request bodies in GPD v3's shape (payment options grouping installments), and helpers over the v3 API.
internal static class PositionsV3
{
    public const string Base = $"/api/debt-positions/v3/organizations/{DebtPositionsApp.Ec}/debtpositions";

    // A v3 body built from openapi_external_v3.json's schema and examples, with GPD's sample values (see Samples/).
    public static JsonObject Sample() => Positions.Sample("PaymentPositionV3.json");

    public static JsonObject Debtor(string fiscalCode = "RSSMRA80A01H501U", string fullName = "Mario Rossi", string type = "F") =>
        new() { ["type"] = type, ["fiscalCode"] = fiscalCode, ["fullName"] = fullName };

    public static JsonObject Installment(long amount, int dueInDays = 30, string? iuv = null, params JsonObject[] transfers)
    {
        var installment = new JsonObject
        {
            ["amount"] = amount,
            ["description"] = $"TARI 2026 due in {dueInDays} days",
            ["dueDate"] = Positions.Due(dueInDays),
            ["transfer"] = new JsonArray(transfers.Length > 0 ? transfers : [Positions.Transfer("1", amount)]),
        };
        if (iuv is not null) installment["iuv"] = iuv;
        return installment;
    }

    public static JsonObject Option(JsonObject? debtor = null, params JsonObject[] installments) => new()
    {
        ["description"] = installments.Length > 1 ? $"TARI 2026 in {installments.Length} instalments" : "TARI 2026 in one payment",
        ["switchToExpired"] = false,
        ["debtor"] = debtor ?? Debtor(),
        ["installments"] = new JsonArray(installments.Length > 0 ? installments : [Installment(12_050)]),
    };

    public static JsonObject Position(string iupd, params JsonObject[] options) => new()
    {
        ["iupd"] = iupd,
        ["companyName"] = "Comune di Demo",
        ["paymentOption"] = new JsonArray(options.Length > 0 ? options : [Option()]),
    };

    public static async Task<JsonElement> CreateV3Async(this HttpClient client, JsonObject body, bool publish = true)
    {
        var response = await client.PostAsJsonAsync(Base + (publish ? "?toPublish=true" : ""), body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"v3 create failed {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> ReadV3Async(this HttpClient client, string iupd) =>
        await client.GetFromJsonAsync<JsonElement>($"{Base}/{iupd}");

    public static JsonElement Installments(this JsonElement position, int option) =>
        position.GetProperty("paymentOption")[option].GetProperty("installments");

    public static string Iuv(this JsonElement position, int option, int installment) =>
        position.Installments(option)[installment].GetProperty("iuv").GetString()!;

    public static List<string> ErrorKeys(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
}
