using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// Issue 14: the end of a bulk import reaches the municipality as a signed import.finished webhook.
[Collection(PlatformCollection.Name)]
public sealed class ImportFinishedWebhookTests(Platform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_finished_bulk_import_reaches_the_subscriber_as_a_signed_import_finished_event_with_its_counts() =>
        await platform.RunScenarioAsync(RunScenarioAsync, output);

    private async Task RunScenarioAsync()
    {
        var (gateway, ec) = (platform.Gateway, Platform.Ec);
        var run = Guid.NewGuid().ToString("N")[..10];
        (await gateway.PutAsync($"/api/iuv/organizations/{ec}", JsonContent("""{"segregationCode":"01","auxDigit":3}"""))).EnsureSuccessStatusCode();
        var receiver = $"/simulator/webhooks/import-{run}";
        var subscribed = await gateway.PostAsync($"/api/receipts/organizations/{ec}/webhooks", JsonContent(
            $$"""{"targetUrl":"{{new Uri(platform.AddressOf("NodeSimulator"), receiver).AbsoluteUri}}","eventTypes":["import.finished"]}"""));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = JsonNode.Parse(await subscribed.Content.ReadAsStringAsync())!;
        var subscriptionId = (string)subscription["subscription"]!["id"]!;
        (await platform.Simulator.PutAsync(receiver + "/secret", JsonContent($$"""{"secret":"{{(string)subscription["secret"]!}}"}"""))).EnsureSuccessStatusCode();
        try
        {
            // One good row and one with a negative amount: the import completes with one position and one rejection.
            var due = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var csv = "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban\n"
                      + $"IMP-{run}-1,F,RSSMRA80A01H501U,Mario Rossi,Comune di Demo,TARI,1000,{due},TARI 2026,9/0101108TS/,IT60X0542811101000000123456\n"
                      + $"IMP-{run}-2,F,RSSMRA80A01H501U,Mario Rossi,Comune di Demo,TARI,-5,{due},TARI 2026,9/0101108TS/,IT60X0542811101000000123456\n";
            var uploaded = await gateway.PostAsync($"/api/debt-positions/v1/organizations/{ec}/imports",
                new StringContent(csv, Encoding.UTF8, "text/csv"));
            Assert.True(uploaded.StatusCode == HttpStatusCode.Accepted, await uploaded.Content.ReadAsStringAsync());
            var importId = (string)JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["id"]!;

            await Eventually.TrueAsync(async () => JsonNode.Parse(await platform.Simulator.GetStringAsync(receiver))!.AsArray()
                    .Any(w => (string?)w!["type"] == "import.finished" && (string?)w["subject"] == importId && (bool)w["signatureVerified"]!),
                TimeSpan.FromSeconds(60), "the import.finished webhook arrived, signed");
            var delivery = JsonNode.Parse(await gateway.GetStringAsync($"/api/receipts/organizations/{ec}/webhooks/{subscriptionId}/deliveries"))!
                .AsArray().Single()!;
            var body = JsonNode.Parse((string)JsonNode.Parse(await gateway.GetStringAsync(
                $"/api/receipts/organizations/{ec}/webhooks/{subscriptionId}/deliveries/{(string)delivery["id"]!}"))!["body"]!)!;
            Assert.Equal(("COMPLETED", 1L, 1L, ec), ((string)body["data"]!["status"]!, (long)body["data"]!["rowsImported"]!,
                (long)body["data"]!["rowsRejected"]!, (string)body["data"]!["organizationFiscalCode"]!));
        }
        finally
        {
            await gateway.DeleteAsync($"/api/receipts/organizations/{ec}/webhooks/{subscriptionId}");
        }
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
