using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Receipts;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

public sealed class StatementTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Debtor = "VRDGPP70M10F205O";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_debtor_statement_totals_due_overdue_and_what_receipts_paid_across_revenue_types_counting_alternatives_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var tari = Own(Positions.Position(Positions.Unique("st-tari"), Positions.Option(10_000, partial: true, dueInDays: 30), Positions.Option(10_000, partial: true, dueInDays: 60)), "TARI");
        var fine = Positions.Position(Positions.Unique("st-fine"), Positions.Option(5_000), Positions.Option(7_000)); // reduced or full
        fine["paymentOption"]![1]!["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = Debtor, ["fullName"] = "Giuseppe Verdi" };
        fine["revenueType"] = "FINE";
        var paid = Own(Positions.Position(Positions.Unique("st-imu"), Positions.Option(3_000)), "IMU");
        var draft = Own(Positions.Position(Positions.Unique("st-draft"), Positions.Option(99_999)), "TARI");
        var late = Own(Positions.Position(Positions.Unique("st-late"), Positions.Option(4_000)), "WATER");
        await _client.CreateAsync(tari);
        await _client.CreateAsync(fine);
        var toPay = await _client.CreateAsync(paid);
        await _client.CreateAsync(draft, publish: false);
        await _client.CreateAsync(late);
        // Its due date passes (no API moves a due date into the past; the position does not expire by itself).
        await app.Database.ExecuteAsync($"""
            UPDATE debt_positions.payment_options SET due_date = now() - interval '2 days'
            WHERE position_id = (SELECT id FROM debt_positions.positions WHERE iupd = '{late["iupd"]}')
            """);
        // Paid late, with interest the rule added: the receipt's 31.50 €, not the printed 30.00 €, is what was paid.
        await bus.PublishAsync(new PaymentRecorded(DebtPositionsApp.Ec, toPay.Iuv(), "3" + toPay.Iuv(), "rcpt-st", 3_150, DateTimeOffset.UtcNow,
            "PSPTEST01", false, [new PaidTransfer(1, DebtPositionsApp.Ec, 3_150, Positions.Iban, "9/0101108TS/")], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(paid["iupd"]!.GetValue<string>())).Status() == "PAID", TimeSpan.FromSeconds(20), "paid");

        var statement = await _client.GetFromJsonAsync<JsonElement>($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/debtors/{Debtor.ToLowerInvariant()}/statement");

        Assert.Equal(4, statement.GetProperty("positions").GetArrayLength());
        Assert.Equal(20_000 + 5_000, statement.GetProperty("totalDue").GetInt64());
        Assert.Equal(4_000, statement.GetProperty("totalOverdue").GetInt64());
        Assert.Equal(3_150, statement.GetProperty("totalPaid").GetInt64());
        var overdue = statement.GetProperty("positions").EnumerateArray().Single(p => p.GetProperty("iupd").GetString() == late["iupd"]!.GetValue<string>());
        Assert.Equal((0L, 4_000L), (overdue.GetProperty("amountDue").GetInt64(), overdue.GetProperty("amountOverdue").GetInt64()));
        Assert.Equal(["FINE", "IMU", "TARI", "WATER"], statement.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("revenueType").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Positions_are_found_by_iupd_nav_iuv_and_external_reference()
    {
        var body = Positions.Position(Positions.Unique("search"));
        body["externalReference"] = "TRIBUTI-2026-000123";
        var created = await _client.CreateAsync(body);
        var nav = created.GetProperty("paymentOption")[0].GetProperty("nav").GetString();
        var root = $"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/search";

        foreach (var query in new[] { $"nav={nav}", $"iuv={created.Iuv()}", "externalReference=TRIBUTI-2026-000123", $"iupd={body["iupd"]}" })
        {
            var found = await _client.GetFromJsonAsync<JsonElement>($"{root}?{query}");
            Assert.Equal(body["iupd"]!.GetValue<string>(), Assert.Single(found.EnumerateArray()).GetProperty("iupd").GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync(root)).StatusCode);
        // The IUV inside a NAV finds the notice, but only the very NAV matches: another aux digit is another notice number.
        var otherAux = (nav![0] == '3' ? "2" : "3") + nav[1..];
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>($"{root}?nav={otherAux}")).EnumerateArray());
        foreach (var malformed in new[] { "12345", nav + "0", "30000000000000000x" })
        {
            var refused = await _client.GetAsync($"{root}?nav={malformed}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("18 digits", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_GPD_operations()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/debt-positions/v1/organizations/{organizationfiscalcode}/debtpositions/{iupd}/publish", document, StringComparison.Ordinal);
        Assert.Contains("/api/debt-positions/v1/organizations/{organizationfiscalcode}/debtpositions/transfers", document, StringComparison.Ordinal);
    }

    private static JsonObject Own(JsonObject position, string revenueType)
    {
        position["fiscalCode"] = Debtor;
        position["revenueType"] = revenueType;
        return position;
    }
}
