using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DebtPositions.Tests;

// Request bodies in GPD's shape, and small helpers over the API.
internal static class Positions
{
    public const string Iban = "IT60X0542811101000000123456";
    public const string Base = $"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/debtpositions";

    public static string Due(int days = 30) => DateTimeOffset.UtcNow.AddDays(days).ToString("O");

    // GPD's own sample (samples/gpd/PaymentPosition.json), its dates moved to today (SampleDates).
    public static JsonObject GpdSample() => Sample("PaymentPosition.json");

    // GPD's sample with its placeholders made real (IBAN, taxonomy) and no IUV, so that one is issued.
    public static JsonObject PayableGpdSample(string iupd)
    {
        var sample = GpdSample();
        sample["iupd"] = iupd;
        var option = sample["paymentOption"]![0]!.AsObject();
        option.Remove("iuv");
        option["transfer"]![0]!["iban"] = Iban;
        option["transfer"]![0]!["category"] = "9/0101108TS/";
        // The sample's due date is a date of GPD's webinar, now past: moved ahead, its retention date with it.
        option["dueDate"] = Due(30);
        option["retentionDate"] = Due(90);
        return sample;
    }

    public static JsonObject Sample(string file) => Testing.SampleDates.Rebase(
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", file)))!.AsObject(), DateTimeOffset.UtcNow);

    public static JsonObject Transfer(string id, long amount, string category = "9/0101108TS/") => new()
    {
        ["idTransfer"] = id,
        ["amount"] = amount,
        ["remittanceInformation"] = $"TARI 2026 transfer {id}",
        ["category"] = category,
        ["iban"] = Iban,
    };

    public static JsonObject Option(long amount, bool partial = false, string? iuv = null, int dueInDays = 30, params JsonObject[] transfers)
    {
        var option = new JsonObject
        {
            ["amount"] = amount,
            ["description"] = "TARI 2026",
            ["isPartialPayment"] = partial,
            ["dueDate"] = Due(dueInDays),
            ["transfer"] = new JsonArray(transfers.Length > 0 ? transfers : [Transfer("1", amount)]),
        };
        if (iuv is not null) option["iuv"] = iuv;
        return option;
    }

    public static JsonObject Position(string iupd, params JsonObject[] options) => new()
    {
        ["iupd"] = iupd,
        ["type"] = "F",
        ["fiscalCode"] = "RSSMRA80A01H501U",
        ["fullName"] = "Mario Rossi",
        ["companyName"] = "Comune di Demo",
        ["switchToExpired"] = false,
        ["paymentOption"] = new JsonArray(options.Length > 0 ? options : [Option(12_050)]),
    };

    public static async Task<JsonElement> CreateAsync(this HttpClient client, JsonObject body, bool publish = true)
    {
        var response = await client.PostAsJsonAsync(Base + (publish ? "?toPublish=true" : ""), body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"create failed {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> ReadAsync(this HttpClient client, string iupd) =>
        await client.GetFromJsonAsync<JsonElement>($"{Base}/{iupd}");

    public static string Status(this JsonElement position) => position.GetProperty("status").GetString()!;

    public static string Iuv(this JsonElement position, int option = 0) =>
        position.GetProperty("paymentOption")[option].GetProperty("iuv").GetString()!;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];
}
