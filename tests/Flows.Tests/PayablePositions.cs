using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;

namespace Flows.Tests;

// Positions created through the gateway and published, once the station's read model has their notice.
internal static class PayablePositions
{
    public const long AmountCents = 4_200;

    public static async Task<(string Iupd, string Nav)> CreateAsync(Platform platform, string prefix)
    {
        var gateway = platform.Gateway;
        var iupd = prefix + Guid.NewGuid().ToString("N")[..12];
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{Platform.Ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions?toPublish=true", new
        {
            iupd, type = "F", fiscalCode = "RSSMRA80A01H501U", fullName = "Mario Rossi", companyName = "Comune di Demo", switchToExpired = false,
            paymentOption = new[]
            {
                new
                {
                    amount = AmountCents, description = "TARI 2026", isPartialPayment = false,
                    dueDate = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'23:59:59'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    transfer = new[] { new { idTransfer = "1", amount = AmountCents, remittanceInformation = "TARI 2026", category = "9/0101108TS/", iban = "IT60X0542811101000000123456" } },
                },
            },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var position = JsonNode.Parse(await gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}"))!;
        var nav = (string)position["paymentOption"]![0]!["nav"]!;
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/node-adapter/organizations/{Platform.Ec}/notices/{nav}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the station's read model has the notice");
        return (iupd, nav);
    }

    public static async Task<string?> StatusAsync(Platform platform, string iupd) =>
        (string?)JsonNode.Parse(await platform.Gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}"))!["status"];
}
