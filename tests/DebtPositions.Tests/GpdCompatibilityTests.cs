using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

public sealed class GpdCompatibilityTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task GPDs_sample_is_refused_only_for_its_placeholders_and_accepted_once_they_are_real()
    {
        var sample = Positions.GpdSample();
        var refused = await _client.PostAsJsonAsync(Positions.Base, sample);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["paymentOption[0].dueDate", "paymentOption[0].transfer[0].category", "paymentOption[0].transfer[0].iban"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("CIN (letter)", errors.GetProperty("paymentOption[0].transfer[0].iban")[0].GetString(), StringComparison.Ordinal);

        // Real values for the three placeholders; the sample's IUV is a placeholder too (check digit 78, mod 93 gives 21).
        var transfer = sample["paymentOption"]![0]!["transfer"]![0]!;
        transfer["iban"] = Positions.Iban;
        transfer["category"] = "9/0101108TS/";
        sample["paymentOption"]![0]!["dueDate"] = Positions.Due();
        var badIuv = await _client.PostAsJsonAsync(Positions.Base, sample);
        var iuvError = (await badIuv.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("paymentOption[0].iuv")[0].GetString();
        Assert.Contains("segregation code is 01", iuvError, StringComparison.Ordinal);

        sample["paymentOption"]![0]!["iuv"] = "01" + "9000000001234" + Check("01", 9_000_000_001_234);
        var created = await _client.PostAsJsonAsync(Positions.Base + "?toPublish=true", sample);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("IUPD-WEBINAR-1", body.GetProperty("iupd").GetString());
        Assert.Equal("VALID", body.Status());
        Assert.Equal("3" + body.Iuv(), body.GetProperty("paymentOption")[0].GetProperty("nav").GetString());
        Assert.Equal(8000, body.GetProperty("paymentOption")[0].GetProperty("transfer")[0].GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_position_without_IUV_gets_one_from_IuvIssuance_and_is_readable_with_GPD_names()
    {
        var iupd = Positions.Unique("no-iuv");
        await _client.CreateAsync(Positions.Position(iupd, Positions.Option(10_000), Positions.Option(9_000)));

        var read = await _client.GetAsync($"{Positions.Base}/{iupd}");
        var position = await read.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("\"" + position.GetProperty("version").GetInt64() + "\"", read.Headers.ETag?.Tag);
        var options = position.GetProperty("paymentOption").EnumerateArray().ToList();
        Assert.Equal(2, options.Count);
        Assert.All(options, o =>
        {
            var iuv = o.GetProperty("iuv").GetString()!;
            Assert.Matches("^01[0-9]{15}$", iuv);
            Assert.Equal("3" + iuv, o.GetProperty("nav").GetString());
            Assert.Equal("PO_UNPAID", o.GetProperty("status").GetString());
            Assert.Equal("T_UNREPORTED", o.GetProperty("transfer")[0].GetProperty("status").GetString());
        });
        Assert.NotEqual(options[0].GetProperty("iuv").GetString(), options[1].GetProperty("iuv").GetString());
        Assert.Equal(DebtPositionsApp.Ec, options[0].GetProperty("transfer")[0].GetProperty("organizationFiscalCode").GetString());
    }

    [Fact]
    public async Task An_unknown_position_is_a_404_problem_and_a_duplicate_iupd_a_409()
    {
        var missing = await _client.GetAsync($"{Positions.Base}/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var iupd = Positions.Unique("dup");
        await _client.CreateAsync(Positions.Position(iupd));
        var again = await _client.PostAsJsonAsync(Positions.Base, Positions.Position(iupd));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}'"));
    }

    [Fact]
    public async Task A_client_IUV_already_used_by_another_position_is_a_409_and_nothing_is_written()
    {
        var first = await _client.CreateAsync(Positions.Position(Positions.Unique("iuv-a")));
        var iupd = Positions.Unique("iuv-b");

        var reuse = await _client.PostAsJsonAsync(Positions.Base, Positions.Position(iupd, Positions.Option(100, iuv: first.Iuv())));

        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}'"));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_returns_the_first_answer_and_creates_nothing_twice()
    {
        var iupd = Positions.Unique("idem");
        var key = Guid.NewGuid().ToString();
        var body = Positions.Position(iupd);

        var first = await Send(body, key);
        var second = await Send(body, key);
        var other = await Send(Positions.Position(Positions.Unique("idem-other")), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.Iuv(), b.Iuv());
        Assert.Equal(a.GetProperty("version").GetInt64(), b.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}'"));
    }

    [Fact]
    public async Task The_list_pages_and_filters_by_status_and_due_date_with_GPD_names()
    {
        var tag = Positions.Unique("list");
        for (var i = 0; i < 3; i++) await _client.CreateAsync(Positions.Position($"{tag}-{i}", Positions.Option(100, dueInDays: 200 + i)), publish: i != 2);
        // The filter takes Italian calendar dates: in UTC's late evening the due instants are already tomorrow in Rome.
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var from = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(200), rome).ToString("yyyy-MM-dd");
        var to = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(201), rome).ToString("yyyy-MM-dd");

        var page = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}?status=VALID&due_date_from={from}&due_date_to={to}&limit=1&page=0&orderby=IUPD&ordering=ASC");

        Assert.Equal(1, page.GetProperty("page_info").GetProperty("items_found").GetInt32());
        Assert.Equal(2, page.GetProperty("page_info").GetProperty("total_pages").GetInt32());
        Assert.Equal($"{tag}-0", page.GetProperty("payment_position_list")[0].GetProperty("iupd").GetString());
        var bad = await _client.GetAsync($"{Positions.Base}?limit=51&status=SOLD");
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("limit", out _) && errors.TryGetProperty("status", out _));
    }

    private Task<HttpResponseMessage> Send(JsonObject body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Positions.Base + "?toPublish=true") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _client.SendAsync(request);
    }

    private static string Check(string segregation, long @base) =>
        ((3_000_000_000_000_000L + long.Parse(segregation, System.Globalization.CultureInfo.InvariantCulture) * 10_000_000_000_000L + @base) % 93).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
