using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// One model, two API versions: a position written in either is read and updated in the other.
public sealed class V3CrossVersionTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_v1_position_reads_in_v3_as_a_single_option_plus_one_plan_and_survives_a_v3_round_trip()
    {
        var iupd = Positions.Unique("v1-to-v3");
        var single = Positions.Option(10_000, dueInDays: 20);
        single["retentionDate"] = Positions.Due(200);
        var v1 = await _client.CreateAsync(Positions.Position(iupd, single,
            Positions.Option(5_000, partial: true, dueInDays: 30), Positions.Option(5_000, partial: true, dueInDays: 60)));

        var v3 = await _client.ReadV3Async(iupd);

        Assert.Equal("VALID", v3.Status());
        Assert.Equal(2, v3.GetProperty("paymentOption").GetArrayLength());
        Assert.Equal([v1.Iuv(0)], v3.Installments(0).EnumerateArray().Select(i => i.GetProperty("iuv").GetString()));
        Assert.Equal([v1.Iuv(1), v1.Iuv(2)], v3.Installments(1).EnumerateArray().Select(i => i.GetProperty("iuv").GetString()));
        var option = v3.GetProperty("paymentOption")[0];
        Assert.Equal("RSSMRA80A01H501U", option.GetProperty("debtor").GetProperty("fiscalCode").GetString()); // the position's debtor
        Assert.False(option.GetProperty("switchToExpired").GetBoolean());
        Assert.Equal(DateTimeOffset.Parse(single["retentionDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            option.GetProperty("retentionDate").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds

        // What v3 returns can be sent back as an update: notices keep IUV and NAV, the plan keeps its shape.
        var roundTrip = JsonNode.Parse(v3.GetRawText())!.AsObject();
        var put = await _client.PutAsJsonAsync($"{PositionsV3.Base}/{iupd}?toPublish=true", roundTrip);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var v1Again = await _client.ReadAsync(iupd);
        Assert.Equal(v1.GetProperty("paymentOption").EnumerateArray().Select(o => o.GetProperty("nav").GetString()),
            v1Again.GetProperty("paymentOption").EnumerateArray().Select(o => o.GetProperty("nav").GetString()));
        Assert.Equal([false, true, true], v1Again.GetProperty("paymentOption").EnumerateArray().Select(o => o.GetProperty("isPartialPayment").GetBoolean()));
        Assert.Equal("2", v1Again.GetProperty("paymentOption")[2].GetProperty("paymentPlanId").GetString());
        Assert.Equal("VALID", v1Again.Status());
    }

    [Fact]
    public async Task A_v3_position_with_jointly_liable_debtors_and_two_plans_reads_in_v1_with_each_notices_debtor_and_plan()
    {
        var iupd = Positions.Unique("v3-to-v1");
        var owner = PositionsV3.Debtor("15376371009", "Autonoleggio Srl", "G");
        var created = await _client.CreateV3Async(PositionsV3.Position(iupd,
            PositionsV3.Option(null, PositionsV3.Installment(9_000)),
            PositionsV3.Option(owner, PositionsV3.Installment(9_000)),
            PositionsV3.Option(null, PositionsV3.Installment(4_500, 30), PositionsV3.Installment(4_500, 60))));

        var v1 = await _client.ReadAsync(iupd);

        Assert.Equal("VALID", v1.Status());
        Assert.Equal("RSSMRA80A01H501U", v1.GetProperty("fiscalCode").GetString()); // the first option's debtor
        var options = v1.GetProperty("paymentOption").EnumerateArray().ToList();
        Assert.Equal(4, options.Count);
        Assert.Equal("15376371009", options[1].GetProperty("debtor").GetProperty("fiscalCode").GetString());
        Assert.Equal([false, false, true, true], options.Select(o => o.GetProperty("isPartialPayment").GetBoolean()));
        Assert.Equal(["3", "3"], options.Skip(2).Select(o => o.GetProperty("paymentPlanId").GetString()));
        Assert.Equal(created.Iuv(2, 1), options[3].GetProperty("iuv").GetString());
        // And back: v3 regroups the same notices into the same three options.
        var v3 = await _client.ReadV3Async(iupd);
        Assert.Equal([1, 1, 2], v3.GetProperty("paymentOption").EnumerateArray().Select(o => o.GetProperty("installments").GetArrayLength()));
        Assert.Equal("Autonoleggio Srl", v3.GetProperty("paymentOption")[1].GetProperty("debtor").GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task V1_can_name_plans_with_paymentPlanId_and_v3_shows_each_plan_as_one_option()
    {
        var iupd = Positions.Unique("v1-plans");
        var options = new[] { ("a", 30), ("a", 60), ("b", 30), ("b", 60), ("b", 90) }.Select(p =>
        {
            var option = Positions.Option(2_000, partial: true, dueInDays: p.Item2);
            option["paymentPlanId"] = p.Item1;
            return option;
        }).ToArray();
        await _client.CreateAsync(Positions.Position(iupd, options));

        var v3 = await _client.ReadV3Async(iupd);
        Assert.Equal([2, 3], v3.GetProperty("paymentOption").EnumerateArray().Select(o => o.GetProperty("installments").GetArrayLength()));

        var single = Positions.Option(2_000);
        single["paymentPlanId"] = "a";
        var refused = await _client.PostAsJsonAsync(Positions.Base, Positions.Position(Positions.Unique("v1-plan-bad"), single));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["paymentOption[0].paymentPlanId"], (await refused.Content.ReadFromJsonAsync<JsonElement>()).ErrorKeys());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_v3_operations()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/debt-positions/v3/organizations/{organizationfiscalcode}/debtpositions/{iupd}/publish", document, StringComparison.Ordinal);
        Assert.Contains("installments", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_errors_name_v3_paths_and_nothing_is_written()
    {
        var iupd = Positions.Unique("v3-bad");
        var badDebtor = PositionsV3.Debtor("RSSMRA80A01H501X");
        var plan = PositionsV3.Option(badDebtor, PositionsV3.Installment(5_000, 30), PositionsV3.Installment(5_000, 60, null, Positions.Transfer("1", 4_000)));
        plan["retentionDate"] = Positions.Due(10);
        plan["installments"]![0]!["installmentMetadata"] = new JsonArray(new JsonObject { ["key"] = "k", ["value"] = "1" }, new JsonObject { ["key"] = "k", ["value"] = "2" });
        var second = PositionsV3.Option(null, PositionsV3.Installment(3_000, 30, null, Positions.Transfer("1", 3_000, "TARI")));
        second.Remove("debtor");
        second["validityDate"] = Positions.Due(1);
        var empty = PositionsV3.Option();
        empty["installments"] = new JsonArray();
        var body = PositionsV3.Position(iupd, plan, second, empty);
        body["companyName"] = new string('x', 141);

        var response = await _client.PostAsJsonAsync(PositionsV3.Base, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
        [
            "companyName",
            "paymentOption[0].debtor.fiscalCode",
            "paymentOption[0].installments[0].installmentMetadata",
            "paymentOption[0].installments[1].amount",
            "paymentOption[0].retentionDate",
            "paymentOption[1].debtor",
            "paymentOption[1].installments[0].transfer[0].category",
            "paymentOption[1].validityDate",
            "paymentOption[2].installments",
        ], problem.ErrorKeys());
        Assert.Contains("differs from the sum of the transfers", problem.GetProperty("errors").GetProperty("paymentOption[0].installments[1].amount")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}'"));

        var malformed = await _client.PostAsync(PositionsV3.Base, JsonContent.Create(JsonNode.Parse(
            """{"iupd":"x","companyName":"c","paymentOption":[{"switchToExpired":false,"installments":[{"amount":"ten"}]}]}""")));
        var malformedProblem = await malformed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(["paymentOption[0].installments[0].amount"], malformedProblem.ErrorKeys());
    }
}
