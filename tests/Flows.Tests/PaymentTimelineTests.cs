using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// The simulator's timeline of a payment load run (GET /simulator/load/payments), which the payments benchmark joins
// with the platform's timestamps: one line per payment of the latest run, with the receipt the station accepted.
[Collection(PlatformCollection.Name)]
public sealed class PaymentTimelineTests(Platform platform, ITestOutputHelper output)
{
    private const string Header = "notice_number,receipt_id,outcome,answered_at,verify_ms,get_payment_ms,send_receipt_ms";

    [Fact]
    public async Task The_timeline_lists_each_payment_of_the_latest_run_with_its_accepted_receipt_answer_time_and_call_durations()
    {
        await DefineDonationServiceAsync();
        var navs = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var demand = await PostAsync("/simulator/demands", new { organizationFiscalCode = Platform.Ec, serviceId = Platform.DonationService, amountCents = 900 + i });
            Assert.True((string?)demand["outcome"] == "OK", demand.ToJsonString());
            navs.Add((string)demand["noticeNumber"]!);
        }

        var before = DateTimeOffset.UtcNow;
        var run = await PostAsync("/simulator/load", new { operation = "payment", organizationFiscalCode = Platform.Ec, notices = navs, concurrency = 2, durationSeconds = 30 });
        var after = DateTimeOffset.UtcNow;
        Assert.Equal(2, (long)run["outcomes"]!["OK"]!);

        var settled = (await platform.Simulator.GetFromJsonAsync<JsonArray>($"/simulator/payments?organizationFiscalCode={Platform.Ec}"))!
            .ToDictionary(p => (string)p!["noticeNumber"]!, p => (string)p!["receiptId"]!);
        var lines = await TimelineAsync();
        Assert.Equal(navs.Order(), lines.Select(l => l[0]).Order());
        foreach (var line in lines)
        {
            Assert.Equal(settled[line[0]], line[1]);
            Assert.Equal("OK", line[2]);
            var answeredAt = DateTimeOffset.Parse(line[3], CultureInfo.InvariantCulture);
            Assert.InRange(answeredAt, before, after);
            Assert.All(line[4..], ms => Assert.InRange(long.Parse(ms, CultureInfo.InvariantCulture), 0, (long)(after - before).TotalMilliseconds));
        }

        // A second run replaces the first: the notice is paid already, so the Node stops before sending a receipt.
        await PostAsync("/simulator/load", new { operation = "payment", organizationFiscalCode = Platform.Ec, notices = navs.Take(1), concurrency = 1, durationSeconds = 30 });
        var second = Assert.Single(await TimelineAsync());
        Assert.Equal([navs[0], "", "KO"], second[..3]);
        Assert.NotEqual("", second[4]);
        Assert.Equal("", second[6]);
    }

    private async Task<string[][]> TimelineAsync()
    {
        var csv = await platform.Simulator.GetStringAsync("/simulator/load/payments");
        output.WriteLine(csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        return lines[1..].Select(l => l.Split(',')).ToArray();
    }

    private async Task DefineDonationServiceAsync()
    {
        var gateway = platform.Gateway;
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{Platform.Ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        var catalogue = await gateway.PutAsJsonAsync(
            $"/api/debt-positions/v1/organizations/{Platform.Ec}/spontaneous-services/{Platform.DonationService}", new
            {
                description = "Donazione", companyName = "Comune di Demo", category = "9/0101108TS/",
                iban = "IT60X0542811101000000123456", amountRule = "from-data", maxAmountCents = 100_000,
            });
        Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> PostAsync(string path, object body)
    {
        var response = await platform.Simulator.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
