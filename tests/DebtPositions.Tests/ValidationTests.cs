using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// Each validation rule yields a field error under its JSON path, and nothing is written.
public sealed class ValidationTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    public static TheoryData<string, string> Rules => new()
    {
        { "amount-not-sum", "paymentOption[0].amount" },
        { "six-transfers", "paymentOption[0].transfer" },
        { "duplicate-id-transfer", "paymentOption[0].transfer" },
        { "id-transfer-6", "paymentOption[0].transfer[0].idTransfer" },
        { "iban-checksum", "paymentOption[0].transfer[0].iban" },
        { "iban-length", "paymentOption[0].transfer[0].iban" },
        { "iban-and-stamp", "paymentOption[0].transfer[0].stamp" },
        { "no-iban", "paymentOption[0].transfer[0].iban" },
        { "postal-iban-checksum", "paymentOption[0].transfer[0].postalIban" },
        { "taxonomy-free-text", "paymentOption[0].transfer[0].category" },
        { "personal-fiscal-code-check", "fiscalCode" },
        { "vat-number-check", "fiscalCode" },
        { "type-missing", "type" },
        { "company-name-too-long", "companyName" },
        { "full-name-too-long", "fullName" },
        { "description-too-long", "paymentOption[0].description" },
        { "remittance-too-long", "paymentOption[0].transfer[0].remittanceInformation" },
        { "country-lowercase", "country" },
        { "due-date-past", "paymentOption[0].dueDate" },
        { "retention-before-due", "paymentOption[0].retentionDate" },
        { "validity-after-due", "paymentOption[0].dueDate" },
        { "eleven-metadata", "paymentOption[0].paymentOptionMetadata" },
        { "no-options", "paymentOption" },
        { "switch-to-expired-missing", "switchToExpired" },
        { "iuv-wrong-segregation", "paymentOption[0].iuv" },
        { "iuv-wrong-length", "paymentOption[0].iuv" },
        { "jointly-liable-debtor-fiscal-code", "paymentOption[0].debtor.fiscalCode" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task A_broken_rule_is_a_field_error_and_nothing_is_written(string rule, string field)
    {
        var iupd = Positions.Unique(rule);
        var body = Positions.Position(iupd);
        Break(body, rule);

        var response = await _client.PostAsJsonAsync(Positions.Base + "?toPublish=true", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error on {field}, got {errors}");
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}'"));
    }

    [Theory]
    [InlineData("9/0101108TS/")]
    [InlineData("0101002IM")]
    public async Task Both_taxonomy_forms_are_accepted(string category)
    {
        var body = Positions.Position(Positions.Unique("tax"), Positions.Option(500, transfers: Positions.Transfer("1", 500, category)));
        var created = await _client.CreateAsync(body);
        Assert.Equal(category, created.GetProperty("paymentOption")[0].GetProperty("transfer")[0].GetProperty("category").GetString());
    }

    [Fact]
    public async Task Five_transfers_a_stamp_a_postal_IBAN_a_SEPA_IBAN_and_a_legal_person_are_accepted()
    {
        var stamp = Positions.Transfer("2", 1_600);
        stamp.Remove("iban");
        stamp["stamp"] = new JsonObject { ["hashDocument"] = Convert.ToBase64String(new byte[32]), ["stampType"] = "01", ["provincialResidence"] = "RM" };
        var postal = Positions.Transfer("3", 100);
        postal["postalIban"] = "IT60X0542811101000000123456";
        var german = Positions.Transfer("4", 100);
        german["iban"] = "DE89370400440532013000";
        var body = Positions.Position(Positions.Unique("five"), Positions.Option(2_000, transfers:
            [Positions.Transfer("1", 100), stamp, postal, german, Positions.Transfer("5", 100)]));
        body["type"] = "G";
        body["fiscalCode"] = "15376371009";

        var created = await _client.CreateAsync(body);

        Assert.Equal(5, created.GetProperty("paymentOption")[0].GetProperty("transfer").GetArrayLength());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_of_the_right_types_is_a_400_problem()
    {
        var response = await _client.PostAsync(Positions.Base,
            new StringContent("""{"iupd":"x","paymentOption":[{"amount":"twelve"}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("paymentOption[0].amount", out _), errors.ToString());
    }

    private static void Break(JsonObject body, string rule)
    {
        var option = body["paymentOption"]![0]!.AsObject();
        var transfer = option["transfer"]![0]!.AsObject();
        switch (rule)
        {
            case "amount-not-sum": option["amount"] = 12_051; break;
            case "six-transfers":
                option["amount"] = 600;
                option["transfer"] = new JsonArray(Enumerable.Range(1, 6).Select(i => (JsonNode)Positions.Transfer(((i - 1) % 5 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), 100)).ToArray());
                break;
            case "duplicate-id-transfer":
                option["amount"] = 200;
                option["transfer"] = new JsonArray(Positions.Transfer("1", 100), Positions.Transfer("1", 100));
                break;
            case "id-transfer-6": transfer["idTransfer"] = "6"; break;
            case "iban-checksum": transfer["iban"] = "IT61X0542811101000000123456"; break;
            case "iban-length": transfer["iban"] = "IT60X054281110100000012345"; break;
            case "iban-and-stamp": transfer["stamp"] = new JsonObject { ["hashDocument"] = "AAAA", ["stampType"] = "01", ["provincialResidence"] = "RM" }; break;
            case "no-iban": transfer.Remove("iban"); break;
            case "postal-iban-checksum": transfer["postalIban"] = "IT00X0542811101000000123456"; break;
            case "taxonomy-free-text": transfer["category"] = "categoryWebinar"; break;
            case "personal-fiscal-code-check": body["fiscalCode"] = "RSSMRA80A01H501V"; break;
            case "vat-number-check": body["type"] = "G"; body["fiscalCode"] = "15376371008"; break;
            case "type-missing": body.Remove("type"); break;
            case "company-name-too-long": body["companyName"] = new string('c', 141); break;
            case "full-name-too-long": body["fullName"] = new string('n', 71); break;
            case "description-too-long": option["description"] = new string('d', 141); break;
            case "remittance-too-long": transfer["remittanceInformation"] = new string('r', 141); break;
            case "country-lowercase": body["country"] = "it"; break;
            case "due-date-past": option["dueDate"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"); break;
            case "retention-before-due": option["retentionDate"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O"); break;
            case "validity-after-due": body["validityDate"] = DateTimeOffset.UtcNow.AddDays(40).ToString("O"); break;
            case "eleven-metadata":
                option["paymentOptionMetadata"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["key"] = $"k{i}", ["value"] = "v" }).ToArray());
                break;
            case "no-options": body["paymentOption"] = new JsonArray(); break;
            case "switch-to-expired-missing": body.Remove("switchToExpired"); break;
            case "iuv-wrong-segregation": option["iuv"] = "02000000000000020"; break;
            case "iuv-wrong-length": option["iuv"] = "0100000000000001"; break;
            case "jointly-liable-debtor-fiscal-code":
                option["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = "RSSMRA80A01H501X", ["fullName"] = "Owner" };
                break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }
}
