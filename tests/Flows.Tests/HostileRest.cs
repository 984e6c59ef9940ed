using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Flows.Tests;

// The REST side of the hostile-input suite: valid bodies of the GPD v1 and v3 positions, the IUV configuration, the
// notice template and the actualisation preview, each mutated field by field; the list queries, the paths, the
// headers and the import upload. Everything acts for OtherEc, so the scenarios on Ec are not disturbed.
internal static class HostileRest
{
    public const string Ec = Platform.OtherEc;
    public const string V1 = $"/api/debt-positions/v1/organizations/{Ec}/debtpositions";
    public const string V3 = $"/api/debt-positions/v3/organizations/{Ec}/debtpositions";
    public const string V1Existing = "HOSTILE-V1-BASE";
    public const string V3Existing = "HOSTILE-V3-BASE";

    private static string Day(int days) => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd'T'12:00:00'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Transfer(long amount) => new()
    {
        ["idTransfer"] = "1", ["amount"] = amount, ["organizationFiscalCode"] = Ec, ["remittanceInformation"] = "TARI 2026",
        ["category"] = "9/0101108TS/", ["iban"] = "IT60X0542811101000000123456",
        ["transferMetadata"] = new JsonArray(new JsonObject { ["key"] = "capitolo", ["value"] = "1234" }),
    };

    public static JsonObject PositionV1(string iupd) => new()
    {
        ["iupd"] = iupd, ["type"] = "F", ["fiscalCode"] = "RSSMRA80A01H501U", ["fullName"] = "Mario Rossi", ["streetName"] = "Via Roma",
        ["civicNumber"] = "1", ["postalCode"] = "00100", ["city"] = "Roma", ["province"] = "RM", ["region"] = "Lazio", ["country"] = "IT",
        ["email"] = "mario.rossi@example.it", ["phone"] = "+39061234567", ["companyName"] = "Comune di Prova", ["officeName"] = "Tributi",
        ["switchToExpired"] = false, ["payStandIn"] = false,
        ["paymentOption"] = new JsonArray(new JsonObject
        {
            ["amount"] = 12_050, ["description"] = "TARI 2026 rata unica", ["isPartialPayment"] = false, ["dueDate"] = Day(30),
            ["retentionDate"] = Day(365), ["fee"] = 0,
            ["paymentOptionMetadata"] = new JsonArray(new JsonObject { ["key"] = "anno", ["value"] = "2026" }),
            ["transfer"] = new JsonArray(Transfer(12_050)),
        }),
    };

    public static JsonObject PositionV3(string iupd) => new()
    {
        ["iupd"] = iupd, ["payStandIn"] = false, ["companyName"] = "Comune di Prova", ["officeName"] = "Tributi",
        ["paymentOption"] = new JsonArray(new JsonObject
        {
            ["description"] = "TARI 2026 in one payment", ["retentionDate"] = Day(365), ["switchToExpired"] = false,
            ["debtor"] = new JsonObject
            {
                ["type"] = "F", ["fiscalCode"] = "RSSMRA80A01H501U", ["fullName"] = "Mario Rossi", ["streetName"] = "Via Roma",
                ["civicNumber"] = "1", ["postalCode"] = "00100", ["city"] = "Roma", ["province"] = "RM", ["region"] = "Lazio",
                ["country"] = "IT", ["email"] = "mario.rossi@example.it", ["phone"] = "+39061234567",
            },
            ["installments"] = new JsonArray(new JsonObject
            {
                ["amount"] = 8_000, ["description"] = "Rata unica", ["dueDate"] = Day(45), ["fee"] = 0,
                ["transfer"] = new JsonArray(Transfer(8_000)),
                ["installmentMetadata"] = new JsonArray(new JsonObject { ["key"] = "anno", ["value"] = "2026" }),
            }),
        }),
    };

    public static JsonObject IuvConfiguration() => new() { ["segregationCode"] = "02", ["auxDigit"] = 3 };

    public static JsonObject NoticeTemplate() => new()
    {
        ["companyName"] = "Comune di Prova", ["sector"] = "Settore Tributi", ["office"] = "Ufficio TARI",
        ["whereToPay"] = "Paga online o presso gli sportelli", ["contacts"] = "tributi@comune.example.it", ["cbillCode"] = "A1B2C",
    };

    public static JsonObject Preview() => new()
    {
        ["rule"] = "fine-5-60", ["amountCents"] = 4_200, ["notificationDate"] = "2026-03-10",
        ["transfers"] = new JsonArray(new JsonObject { ["idTransfer"] = 1, ["amountCents"] = 4_200 }),
        ["metadata"] = new JsonObject { ["note"] = "verbale 12" }, ["on"] = "2026-04-01",
    };

    // Every JSON body target, mutated; updates are sampled (updates each), creates and the small bodies exhaustive.
    public static IEnumerable<HostileRequest> Bodies(Random random, int updates)
    {
        var serial = 0;
        void Unique(JsonObject body) => body["iupd"] = $"HOSTILE-{++serial:D5}";
        var gpd = new JsonMutations(random, gpdCoercion: true);
        var own = new JsonMutations(random, gpdCoercion: false);
        var ownMultiLine = new JsonMutations(random, gpdCoercion: false, multiLine: new HashSet<string> { "whereToPay", "contacts" });
        var json = "application/json";
        foreach (var m in gpd.All(PositionV1("x"), Unique))
            yield return new("v1 create", m.What, HttpMethod.Post, V1, m.Body, json) { MustRefuse = m.MustRefuse };
        foreach (var m in gpd.All(PositionV3("x"), Unique))
            yield return new("v3 create", m.What, HttpMethod.Post, V3, m.Body, json) { MustRefuse = m.MustRefuse };
        foreach (var m in Sample(random, gpd.All(PositionV1(V1Existing)), updates))
            yield return new("v1 update", m.What, HttpMethod.Put, $"{V1}/{V1Existing}", m.Body, json) { MustRefuse = m.MustRefuse };
        foreach (var m in Sample(random, gpd.All(PositionV3(V3Existing)), updates))
            yield return new("v3 update", m.What, HttpMethod.Put, $"{V3}/{V3Existing}", m.Body, json) { MustRefuse = m.MustRefuse };
        foreach (var m in own.All(IuvConfiguration()))
            yield return new("IUV configuration", m.What, HttpMethod.Put, $"/api/iuv/organizations/{Ec}", m.Body, json) { MustRefuse = m.MustRefuse };
        foreach (var m in ownMultiLine.All(NoticeTemplate()))
            yield return new("notice template", m.What, HttpMethod.Put, $"/api/iuv/organizations/{Ec}/notice-template", m.Body, json) { MustRefuse = m.MustRefuse };
        foreach (var m in own.All(Preview()))
            yield return new("actualisation preview", m.What, HttpMethod.Post, "/api/actualisation/preview", m.Body, json) { MustRefuse = m.MustRefuse };

        var valid = Encoding.UTF8.GetBytes(PositionV1("HOSTILE-CT").ToJsonString());
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/json; charset=utf-16", "application/jsonx", "" })
            yield return new("v1 create", $"Content-Type '{type}'", HttpMethod.Post, V1, valid, type.Length == 0 ? null : type) { MustRefuse = true };
        foreach (var (what, key, header) in new[] { ("129 chars", new string('k', 129), false), ("3 KB", new string('k', 3_000), false), ("20 KB", new string('k', 20_000), false), ("non-ASCII", "chiave-\u00e8", true), ("a space", "a b", false) })
        {
            var body = Encoding.UTF8.GetBytes(PositionV1($"HOSTILE-IK-{key.Length}").ToJsonString());
            yield return new("v1 create", $"Idempotency-Key of {what}", HttpMethod.Post, V1, body, json)
            { MustRefuse = true, AtTheEdge = header, Headers = [new("Idempotency-Key", key)] };
        }
    }

    private static IEnumerable<JsonMutation> Sample(Random random, IEnumerable<JsonMutation> all, int count) =>
        all.Select(m => (Order: random.Next(), m)).OrderBy(p => p.Order).Take(count).Select(p => p.m);
}
