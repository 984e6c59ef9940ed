using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Contracts.Reporting;
using Testing;
using Xunit;

namespace Receipts.Tests;

// The sender woken by commits; the anomaly and import events; Idempotency-Key on subscriptions.
public sealed class WebhookEventsTests(SlowPollApp app) : IClassFixture<SlowPollApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_a_ten_minute_safety_poll_every_webhook_of_a_burst_still_arrives_because_commits_and_freed_slots_wake_the_sender()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        await SampleReceipts.SubscribeAsync(client, "55555555555", receiver.Url("/woken"));

        // More than the per-subscription in-flight limit: the later ones go out only when earlier ones free their slots.
        const int receipts = 10;
        for (var i = 0; i < receipts; i++)
            await bus.PublishAsync(SampleReceipts.Receipt("55555555555", $"rcpt-woken-{i}", $"0100000000000{5000 + i}"));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/woken").Count == receipts), Wait, "every webhook arrived");
    }

    [Fact]
    public async Task A_flows_anomalies_and_a_finished_import_reach_their_subscribers_as_reconciliation_anomaly_and_import_finished_events()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (_, secret) = await SampleReceipts.SubscribeAsync(client, "55555555556", receiver.Url("/ops"), "reconciliation.anomaly", "import.finished");
        await SampleReceipts.SubscribeAsync(client, "55555555556", receiver.Url("/receipts-only"), "receipt.archived");

        await bus.PublishAsync(new ReconciliationAnomaliesFound("55555555556", "2026-12-01PSPTEST01-0000009",
            [new("amount-mismatch", "01000000000005101", "rcpt-x", 1, 9_999, 0, false), new("totals-mismatch", null, null, null, null, null, false)],
            DateTimeOffset.UtcNow));
        var importId = Guid.NewGuid();
        await bus.PublishAsync(new DebtPositionsImportFinished(importId, "55555555556", "COMPLETED", 998, 2, null, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/ops").Count == 2), Wait, "both events arrived");
        Assert.All(receiver.At("/ops"), w => Assert.True(StandardWebhooks.Verifies(secret, w)));
        var events = receiver.At("/ops").Select(w => JsonDocument.Parse(w.Body).RootElement).ToDictionary(e => e.GetProperty("type").GetString()!);
        var anomaly = events["reconciliation.anomaly"];
        Assert.Equal("2026-12-01PSPTEST01-0000009", anomaly.GetProperty("subject").GetString());
        Assert.Equal(new[] { "amount-mismatch", "totals-mismatch" },
            anomaly.GetProperty("data").GetProperty("anomalies").EnumerateArray().Select(a => a.GetProperty("kind").GetString()!).ToArray());
        var import = events["import.finished"];
        Assert.Equal((importId.ToString(), "COMPLETED", 998, 2), (import.GetProperty("subject").GetString(),
            import.GetProperty("data").GetProperty("status").GetString(), import.GetProperty("data").GetProperty("rowsImported").GetInt32(),
            import.GetProperty("data").GetProperty("rowsRejected").GetInt32()));
        Assert.Empty(receiver.At("/receipts-only"));
    }

    [Fact]
    public async Task Creating_a_subscription_twice_with_one_Idempotency_Key_answers_the_same_subscription_and_secret_and_another_body_is_a_422()
    {
        var client = app.CreateClient();
        const string url = "/api/receipts/organizations/55555555557/webhooks";
        var body = new { targetUrl = "http://127.0.0.1:9/hooks", eventTypes = new[] { "receipt.archived" } };
        async Task<HttpResponseMessage> Post(object content, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(content) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await Post(body, "create-hooks-1");
        var second = await Post(body, "create-hooks-1");
        Assert.True(first.StatusCode == HttpStatusCode.Created && second.StatusCode == HttpStatusCode.Created,
            $"{first.StatusCode} {await first.Content.ReadAsStringAsync()} / {second.StatusCode} {await second.Content.ReadAsStringAsync()}");
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await second.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(a.GetProperty("subscription").GetProperty("id").GetGuid(), b.GetProperty("subscription").GetProperty("id").GetGuid());
        Assert.Equal(a.GetProperty("secret").GetString(), b.GetProperty("secret").GetString());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray());

        var other = await Post(body with { targetUrl = "http://127.0.0.1:9/elsewhere" }, "create-hooks-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var fresh = await Post(body, "create-hooks-2");
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>(url)).GetArrayLength());
    }
}
