using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace Actualisation.Tests.Formal;

public sealed class QuoteApiTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    private const string Ec = "77777777777";

    public static TheoryData<string, string, string, long, string, string?, string?> HandWorkedCases => new()
    {
        // rule, inputs, payment date → amount, tier, valid from, valid until (worked out from RULES.md by hand)
        { "FINE-CDS", """{"M":4200,"X":17300,"K":1250,"N":"2026-03-10"}""", "2026-03-16", 2_940 + 1_250, "reduced", null, "2026-03-16" },
        { "FINE-CDS", """{"M":4200,"X":17300,"K":1250,"N":"2026-03-10"}""", "2026-03-17", 4_200 + 1_250, "ordinary", "2026-03-17", "2026-05-09" },
        { "FINE-CDS", """{"M":4200,"X":17300,"K":1250,"N":"2026-03-10"}""", "2026-05-10", 8_650 + 865 + 1_250, "half-maximum+1/10", "2026-05-10", "2026-11-09" },
        { "INTEREST", """{"C":123457,"D":"2022-06-30"}""", "2025-03-15", 123_457 + 10_546, "interest", "2025-03-15", "2025-03-15" },
        { "TAX-LATE", """{"T":100000,"D0":"2025-06-16"}""", "2025-07-17", 101_600, "new-90-days", "2025-07-17", "2025-07-17" },
        { "COERCIVE", """{"S":2000000,"X0":"2026-03-02","costs":590}""", "2026-05-02", 2_000_000 + 60_000 + 590, "after-60-days", "2026-05-02", null },
        { "INSTALMENT", """{"S0":"2026-01-01","r":"4.5","fee":300,"instalments":[{"C":50000,"D":"2026-02-01"},{"C":50000,"D":"2026-03-01"},{"C":50000,"D":"2026-04-01"}]}""",
            "2026-01-15", 150_000 + 191 + 364 + 555 + 300, "plan", null, null },
        { "L689-16", """{"X":50000,"M":2500,"costs":700,"N":"2026-03-10"}""", "2026-03-20", 5_000 + 700, "misura-ridotta", null, "2026-05-09" },
        { "L689-27", """{"S":10000,"E":"2026-01-01"}""", "2026-07-01", 12_000, "surcharge+2/10", "2026-07-01", "2026-12-31" },
    };

    [Theory]
    [MemberData(nameof(HandWorkedCases))]
    public async Task A_quote_answers_the_amount_its_components_and_the_days_it_holds(
        string rule, string inputs, string paymentDate, long amount, string tier, string? validFrom, string? validUntil)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/actualisation/quote",
            new { rule, inputs = JsonDocument.Parse(inputs).RootElement, paymentDate });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quote = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((rule, amount, tier), (quote.GetProperty("rule").GetString(), quote.GetProperty("amountCents").GetInt64(), quote.GetProperty("tier").GetString()));
        Assert.Equal((validFrom, validUntil), (quote.GetProperty("validFrom").GetString(), quote.GetProperty("validUntil").GetString()));
        Assert.Equal(amount, quote.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("amountCents").GetInt64()));
    }

    [Fact]
    public async Task A_quote_without_a_payment_date_is_for_today_in_Rome()
    {
        app.Time.Set(new DateTimeOffset(2026, 3, 16, 23, 30, 0, TimeSpan.Zero));  // 00:30 on 17 March in Rome
        try
        {
            var response = await app.CreateClient().PostAsJsonAsync("/api/actualisation/quote",
                new { rule = "FINE-CDS", inputs = new { M = 4200, X = 17300, N = "2026-03-10" } });
            var quote = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, quote.ToString());
            Assert.Equal(("2026-03-17", "ordinary"), (quote.GetProperty("paymentDate").GetString(), quote.GetProperty("tier").GetString()));
        }
        finally
        {
            app.Time.Set(null);
        }
    }

    [Fact]
    public async Task Bad_quotes_are_validation_problems_naming_each_input_at_fault()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/actualisation/quote",
            new { rule = "FINE-CDS", inputs = new { M = -5, X = "lots", N = "yesterday" }, paymentDate = "2026-03-10" });
        var unknown = await app.CreateClient().PostAsJsonAsync("/api/actualisation/quote", new { rule = "fine-5-60", inputs = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["inputs.M", "inputs.N", "inputs.X"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rule", out _));
    }

    [Fact]
    public async Task A_quote_with_an_EC_s_table_needs_a_caller_acting_for_that_EC()
    {
        var stranger = app.CreateClient().WithToken(TestCallers.For("99999999999", CallerRole.Read));
        var response = await stranger.PostAsJsonAsync("/api/actualisation/quote",
            new { rule = "FINE-CDS", inputs = new { M = 4200, X = 17300, N = "2026-03-10" }, organizationFiscalCode = Ec, revenueType = "parking" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_EC_s_table_fills_the_inputs_a_quote_leaves_out_including_its_patron_saint()
    {
        var client = app.CreateClient();
        var put = await client.PutAsJsonAsync($"/api/actualisation/organizations/{Ec}/rule-tables/parking",
            new { rule = "FINE-CDS", parameters = new { surchargeMode = "Completed", patronSaint = "03-16", K = 1250 } });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        async Task<JsonElement> Quote(string day)
        {
            var response = await client.PostAsJsonAsync("/api/actualisation/quote",
                new { rule = "FINE-CDS", inputs = new { M = 4200, X = 17300, N = "2026-03-10" }, paymentDate = day, organizationFiscalCode = Ec, revenueType = "parking" });
            var quote = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, quote.ToString());
            return quote;
        }

        // 16 March is Monday and, for this EC, its patron saint: the reduced term moves to the 17th.
        Assert.Equal(2_940 + 1_250, (await Quote("2026-03-17")).GetProperty("amountCents").GetInt64());
        // Completed semesters only: no surcharge in the first semester.
        Assert.Equal(8_650 + 1_250, (await Quote("2026-05-10")).GetProperty("amountCents").GetInt64());
    }
}
