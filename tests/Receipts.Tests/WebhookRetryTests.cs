using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;

namespace Receipts.Tests;

public sealed class WebhookRetryTests(ShortHorizonApp app) : IClassFixture<ShortHorizonApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_receiver_down_is_retried_until_the_delivery_is_dead_then_a_replay_delivers_it_with_the_same_webhook_id()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Set("/down", new Behaviour.Fail(503, new string('x', 1000)));
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (id, secret) = await SampleReceipts.SubscribeAsync(client, "55555555555", receiver.Url("/down"));

        await bus.PublishAsync(SampleReceipts.Receipt("55555555555", "rcpt-dead-1", "01000000000000551"));

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT status FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'") == "dead", Wait, "the delivery died");
        var tried = receiver.At("/down");
        Assert.True(tried.Count >= 3, $"retried: {tried.Count} attempts");
        Assert.Single(tried.Select(w => w.Id).Distinct());
        Assert.All(tried, w => Assert.True(StandardWebhooks.Verifies(secret, w)));
        Assert.Equal(tried.Count, await app.Database.ScalarAsync<int>($"SELECT attempts FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'"));
        // Only an excerpt of what the receiver answered is kept.
        Assert.Equal(256, await app.Database.ScalarAsync<int>(
            $"SELECT max(length(a.response_excerpt)) FROM receipts.webhook_attempts a JOIN receipts.webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = '{id}'"));
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/55555555555/webhooks/{id}/deliveries?status=dead");
        var dead = Assert.Single(log.EnumerateArray());
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("nextAttemptAt").ValueKind);
        var detail = await client.GetFromJsonAsync<JsonElement>(
            $"/api/receipts/organizations/55555555555/webhooks/{id}/deliveries/{dead.GetProperty("id").GetGuid()}");
        Assert.Equal(tried.Count, detail.GetProperty("attemptLog").GetArrayLength());
        Assert.All(detail.GetProperty("attemptLog").EnumerateArray(), a => Assert.Equal(503, a.GetProperty("statusCode").GetInt32()));

        // The receiver is back; the EC replays everything dead.
        receiver.Set("/down", new Behaviour.Ok());
        var replay = await client.PostAsJsonAsync($"/api/receipts/organizations/55555555555/webhooks/{id}/replay", new { status = "dead" });
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT status FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'") == "delivered", Wait, "the replay delivered");
        var all = receiver.At("/down");
        Assert.Equal(tried.Count + 1, all.Count);
        Assert.Single(all.Select(w => w.Id).Distinct());
        Assert.Single(all.Select(w => w.Body).Distinct());
    }

    [Fact]
    public async Task A_paused_subscription_holds_its_deliveries_and_one_delivery_or_a_time_range_can_be_replayed()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (id, _) = await SampleReceipts.SubscribeAsync(client, "66666666666", receiver.Url("/paused"));
        var pause = await client.PostAsync($"/api/receipts/organizations/66666666666/webhooks/{id}/pause", null);
        Assert.Equal("paused", (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        await bus.PublishAsync(SampleReceipts.Receipt("66666666666", "rcpt-pause-1", "01000000000000661"));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'") == 1, Wait, "the delivery queued");
        // A sweep that picked it despite the pause would have recorded an attempt by the time a later event is delivered elsewhere.
        var (other, _) = await SampleReceipts.SubscribeAsync(client, "66666666667", receiver.Url("/other"));
        await bus.PublishAsync(SampleReceipts.Receipt("66666666667", "rcpt-pause-2", "01000000000000662"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/other").Count == 1), Wait, "the other EC's delivery");
        Assert.Empty(receiver.At("/paused"));

        await client.PostAsync($"/api/receipts/organizations/66666666666/webhooks/{id}/resume", null);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/paused").Count == 1), Wait, "delivered after resume");

        var deliveryId = await app.Database.ScalarAsync<string>($"SELECT id::text FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'");
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT status FROM receipts.webhook_deliveries WHERE id = '{deliveryId}'") == "delivered", Wait, "recorded delivered");
        var one = await client.PostAsync($"/api/receipts/organizations/66666666666/webhooks/{id}/deliveries/{deliveryId}/replay", null);
        one.EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/paused").Count == 2), Wait, "one delivery replayed");

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT status FROM receipts.webhook_deliveries WHERE id = '{deliveryId}'") == "delivered", Wait, "replay recorded");
        var range = await client.PostAsJsonAsync($"/api/receipts/organizations/66666666666/webhooks/{id}/replay",
            new { from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow.AddMinutes(1) });
        Assert.Equal(1, (await range.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/paused").Count == 3), Wait, "time range replayed");
        Assert.Single(receiver.At("/paused").Select(w => w.Id).Distinct());
        Assert.Empty(receiver.At("/other").Skip(1));
        _ = other;
    }
}
