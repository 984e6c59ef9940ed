using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Issue 16: a position that arrives through a bulk import is reminded like one created through the API. The import's
// chunk goes from DebtPositions to Actualisation over the broker (ADR 0057), and the reminder goes out by e-mail to
// the simulator's SMTP sink.
[Collection(PlatformCollection.Name)]
public sealed class BulkDunningTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_position_imported_in_bulk_gets_its_reminder_by_email_with_its_notice_number_and_amount() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var (gateway, ec) = (platform.Gateway, Platform.Ec);
        var iupd = "BULKDUN-" + Guid.NewGuid().ToString("N")[..12];
        var email = $"bulk-dunning-{Guid.NewGuid():N}@example.org";
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        // A week before the due date, at any hour; the position is due in five days, so its step is already due.
        var settings = await gateway.PutAsJsonAsync($"/api/actualisation/organizations/{ec}/dunning",
            new { steps = new[] { -7 }, channels = new[] { "email" }, quietHours = new { from = "00:00", until = "00:00" }, dailyLimit = 100_000 });
        Assert.True(settings.IsSuccessStatusCode, await settings.Content.ReadAsStringAsync());
        try
        {
            var file = JsonSerializer.Serialize(new { paymentPositions = new[] { Position(iupd, email) } });
            var uploaded = await gateway.PostAsync($"/api/debt-positions/v1/organizations/{ec}/imports?toPublish=true", new StringContent(file, Encoding.UTF8, "application/json"));
            Assert.True(uploaded.StatusCode == HttpStatusCode.Accepted, await uploaded.Content.ReadAsStringAsync());
            var importId = (string)JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["id"]!;
            await Eventually.TrueAsync(async () => (string?)JsonNode.Parse(await gateway.GetStringAsync(
                $"/api/debt-positions/v1/organizations/{ec}/imports/{importId}"))!["status"] == "COMPLETED", Settle, "the import completed");
            var nav = (string)JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{iupd}"))!["paymentOption"]![0]!["nav"]!;

            List<JsonElement> mails = [];
            await Eventually.TrueAsync(async () => (mails = (await platform.Simulator.GetFromJsonAsync<List<JsonElement>>(
                $"/simulator/mail?to={Uri.EscapeDataString(email)}"))!).Count > 0, Settle, "the reminder e-mail");

            var mail = Assert.Single(mails);
            Assert.Contains(nav, mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
            Assert.Contains("33,77 €", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            (await gateway.PutAsJsonAsync($"/api/actualisation/organizations/{ec}/dunning", new { enabled = false })).EnsureSuccessStatusCode();
        }
    }

    private static object Position(string iupd, string email) => new
    {
        iupd,
        type = "F",
        fiscalCode = "RSSMRA80A01H501U",
        fullName = "Mario Rossi",
        email,
        companyName = "Comune di Demo",
        switchToExpired = false,
        paymentOption = new[]
        {
            new
            {
                amount = 3_377,
                description = "Canone occupazione suolo pubblico",
                isPartialPayment = false,
                dueDate = DateTimeOffset.UtcNow.AddDays(5).ToString("yyyy-MM-dd'T'23:59:59'Z'", System.Globalization.CultureInfo.InvariantCulture),
                transfer = new[]
                {
                    new { idTransfer = "1", amount = 3_377, remittanceInformation = "COSAP", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" },
                },
            },
        },
    };
}
