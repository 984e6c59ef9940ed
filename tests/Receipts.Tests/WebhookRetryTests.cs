using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;

namespace Receipts.Tests;

// Quick retries and a retry horizon of an hour that a test reaches by moving the service's clock (ADR 0045's offset
// file) once it has seen the retries it wants: how many attempts fit before the horizon never depends on how fast a
// loaded machine runs them.
public sealed class RetryHorizonApp : ReceiptsApp
{
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    public string ClockOffsetFile { get; } = Path.Combine(Path.GetTempPath(), "receipts-clock-" + Guid.NewGuid().ToString("N")[..8], "offset");

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ClockOffsetFile)!);
        return base.InitializeAsync();
    }

    // Moves the service's calendar by offset and waits until the service uses it.
    public async Task ShiftClockAsync(TimeSpan offset)
    {
        var text = offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(ClockOffsetFile + ".tmp", text);
        File.Move(ClockOffsetFile + ".tmp", ClockOffsetFile, overwrite: true);
        // GET /testing/clock re-reads the file at once and answers the offset in force.
        var clock = await CreateAnonymousClient().GetFromJsonAsync<JsonElement>("/testing/clock");
        Assert.Equal(text, clock.GetProperty("offset").GetString());
    }

    protected override IEnumerable<KeyValuePair<string, string?>> WebhookSettings() =>
    [
        // The receiver answers at once: a long timeout means every attempt records its 503, however slow the machine.
        new("Webhooks:RequestTimeout", "00:05:00"),
        new("Webhooks:FirstRetryDelay", "00:00:00.100"),
        new("Webhooks:MaxRetryDelay", "00:00:00.300"),
        new("Webhooks:GiveUpAfter", Horizon.ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
        new("Testing:ClockOffsetFile", ClockOffsetFile),
    ];
}

public sealed class WebhookRetryTests(RetryHorizonApp app) : IClassFixture<RetryHorizonApp>
{
    // A deadline for what happens on its own (deliveries, retries), never a measured duration.
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_receiver_down_is_retried_until_the_delivery_is_dead_then_a_replay_delivers_it_with_the_same_webhook_id()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Set("/down", new Behaviour.Fail(503, new string('x', 1000)));
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (id, secret) = await SampleReceipts.SubscribeAsync(client, "55555555555", receiver.Url("/down"));

        await bus.PublishAsync(SampleReceipts.Receipt("55555555555", "rcpt-dead-1", "01000000000000551"));

        // Retried while the horizon is ahead; once three attempts have failed, the calendar moves past the horizon
        // and the next failure is final.
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/down").Count >= 3), Wait, "three attempts");
        Assert.Equal("pending", await app.Database.ScalarAsync<string>($"SELECT status FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'"));
        try
        {
            await app.ShiftClockAsync(RetryHorizonApp.Horizon + TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
                $"SELECT status FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'") == "dead", Wait, "the delivery died");
        }
        finally
        {
            await app.ShiftClockAsync(TimeSpan.Zero);
        }
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
