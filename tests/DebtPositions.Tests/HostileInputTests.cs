using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// Findings of the hostile-input audit: each is a 400 ProblemDetails naming the field and the rule, never a 5xx.
public sealed class HostileInputTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u001b")]
    [InlineData("\u0085")]
    [InlineData("\n")]
    public async Task A_control_character_in_a_description_is_refused_naming_the_field(string control)
    {
        var iupd = Positions.Unique("ctl");
        var body = Positions.Position(iupd);
        body["paymentOption"]![0]!["description"] = $"TARI{control}2026";

        var errors = await ErrorsOf(await _client.PostAsJsonAsync(Positions.Base, body));

        Assert.Contains("control character", Message(errors, "paymentOption[0].description"), StringComparison.Ordinal);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd = '{iupd}'"));
    }

    [Fact]
    public async Task A_control_character_in_the_path_or_the_query_is_a_400_not_a_database_error()
    {
        Assert.True((await ErrorsOf(await _client.GetAsync($"{Positions.Base}/abc%01def"))).TryGetProperty("path", out _));
        await ErrorsOf(await _client.GetAsync($"{Positions.Base}?status=VALID%00"));
    }

    [Fact]
    public async Task Two_transfers_whose_sum_overflows_are_refused_as_amounts_above_the_pagoPA_maximum()
    {
        var half = long.MaxValue / 2 + 1;
        var body = Positions.Position(Positions.Unique("ovf"),
            Positions.Option(1_000, transfers: [Positions.Transfer("1", half), Positions.Transfer("2", half)]));

        var errors = await ErrorsOf(await _client.PostAsJsonAsync(Positions.Base, body));

        Assert.Contains("99999999999", Message(errors, "paymentOption[0].transfer[0].amount"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amount_above_999999999_euro_99_is_refused_naming_the_field()
    {
        var body = Positions.Position(Positions.Unique("max"), Positions.Option(100_000_000_000));

        var errors = await ErrorsOf(await _client.PostAsJsonAsync(Positions.Base, body));

        Assert.Contains("99999999999", Message(errors, "paymentOption[0].amount"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_Idempotency_Key_is_a_400_that_states_the_rule()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Positions.Base) { Content = JsonContent.Create(Positions.Position(Positions.Unique("idem"))) };
        request.Headers.Add("Idempotency-Key", new string('k', 3_000));

        var errors = await ErrorsOf(await _client.SendAsync(request));

        Assert.Contains("128", Message(errors, "Idempotency-Key"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=2147483647", "page")]
    [InlineData("page=1000000&limit=50", "page")]
    [InlineData("due_date_from=0001-01-01", "due_date_from")]
    [InlineData("due_date_to=9999-12-31", "due_date_to")]
    [InlineData("payment_date_to=9999-12-31", "payment_date_to")]
    public async Task Extreme_paging_and_dates_in_the_list_query_are_400s(string query, string field)
    {
        var errors = await ErrorsOf(await _client.GetAsync($"{Positions.Base}?{query}"));
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        await ErrorsOf(await _client.GetAsync($"{Positions.Base.Replace("/v1/", "/v3/", StringComparison.Ordinal)}?{query}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_extreme_due_date_in_the_body_is_a_400(bool last)
    {
        var body = Positions.Position(Positions.Unique("date"));
        body["paymentOption"]![0]!["dueDate"] = (last ? DateTimeOffset.MaxValue : DateTimeOffset.MinValue).ToString("O");

        var errors = await ErrorsOf(await _client.PostAsJsonAsync(Positions.Base, body));

        Assert.True(errors.TryGetProperty("paymentOption[0].dueDate", out _), errors.ToString());
    }

    [Fact]
    public async Task A_duplicate_key_in_the_body_is_refused_naming_the_property()
    {
        var json = Positions.Position(Positions.Unique("dup")).ToJsonString();
        json = json.Replace("\"fullName\":", "\"fullName\":\"Someone Else\",\"fullName\":", StringComparison.Ordinal);

        var errors = await ErrorsOf(await _client.PostAsync(Positions.Base, new StringContent(json, Encoding.UTF8, "application/json")));

        Assert.Contains("more than once", Message(errors, "fullName"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_that_is_not_an_integer_is_explained_without_naming_a_NET_type()
    {
        var response = await _client.PostAsync(Positions.Base,
            new StringContent("""{"iupd":"x","paymentOption":[{"amount":12.5}]}""", Encoding.UTF8, "application/json"));

        var errors = await ErrorsOf(response);

        var message = Message(errors, "paymentOption[0].amount");
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.Contains("integer number of euro cents", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GPD_coerces_an_amount_written_as_a_string_and_so_do_we_on_v1()
    {
        var body = Positions.Position(Positions.Unique("str"));
        body["paymentOption"]![0]!["amount"] = "12050";
        body["paymentOption"]![0]!["transfer"]![0]!["amount"] = "12050";

        var response = await _client.PostAsJsonAsync(Positions.Base, body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_number_written_as_a_string_is_refused_outside_the_GPD_paths()
    {
        var response = await _client.PutAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/CDS01",
            new StringContent("""{"description":"Violazioni CdS","companyName":"Comune","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","amountRule":"fixed","fixedAmountCents":"4200"}""",
                Encoding.UTF8, "application/json"));

        var errors = await ErrorsOf(response);

        Assert.True(errors.TryGetProperty("fixedAmountCents", out _), errors.ToString());
    }

    [Fact]
    public async Task A_truncated_multipart_upload_is_a_400()
    {
        var body = "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n" + BulkCsv.Header + "\nx,F";
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");

        var response = await _client.PostAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/imports", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_multipart_boundary_longer_than_RFC_2046_allows_is_a_400()
    {
        var boundary = new string('b', 5_000);
        var content = new StringContent($"--{boundary}\r\n\r\nx\r\n--{boundary}--\r\n", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        var response = await _client.PostAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/imports", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Asserts a 400 ProblemDetails and returns its field errors.
    internal static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }

    internal static string Message(JsonElement errors, string field)
    {
        Assert.True(errors.TryGetProperty(field, out var messages), $"expected an error on {field}, got {errors}");
        return string.Join(" | ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
