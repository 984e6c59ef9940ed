using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;

namespace Receipts.Tests;

public sealed class WebhookDeliveryTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_archived_receipt_reaches_the_subscriber_as_a_CloudEvent_signed_as_Standard_Webhooks_says()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (subscriptionId, secret) = await SampleReceipts.SubscribeAsync(client, "11111111111", receiver.Url("/signed"));
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        await bus.PublishAsync(SampleReceipts.Receipt("11111111111", "rcpt-signed-1", "01000000000000111"));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/signed").Count > 0), Wait, "the webhook arrived");
        var webhook = Assert.Single(receiver.At("/signed"));
        Assert.True(StandardWebhooks.Verifies(secret, webhook), $"signature {webhook.Signature} does not verify");
        Assert.False(StandardWebhooks.Verifies(secret, webhook with { Body = webhook.Body.Replace("12050", "12051", StringComparison.Ordinal) }));
        Assert.InRange(long.Parse(webhook.Timestamp!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("application/cloudevents+json", webhook.ContentType.Split(';')[0]);

        var cloudEvent = JsonDocument.Parse(webhook.Body).RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("receipt.archived", cloudEvent.GetProperty("type").GetString());
        Assert.Equal(webhook.Id, cloudEvent.GetProperty("id").GetString());
        Assert.Equal("/organizations/11111111111", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("rcpt-signed-1", cloudEvent.GetProperty("subject").GetString());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(("rcpt-signed-1", "01000000000000111", 12_050L, 150L, "PSPTEST01"),
            (data.GetProperty("receiptId").GetString(), data.GetProperty("iuv").GetString(), data.GetProperty("amountCents").GetInt64(),
                data.GetProperty("feeCents").GetInt64(), data.GetProperty("pspId").GetString()));
        Assert.Equal(2, data.GetProperty("transfers").GetArrayLength());

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT status FROM receipts.webhook_deliveries WHERE subscription_id = '{subscriptionId}'") == "delivered", Wait, "delivery recorded");
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/11111111111/webhooks/{subscriptionId}/deliveries");
        var entry = Assert.Single(log.EnumerateArray());
        Assert.Equal((webhook.Id, "delivered", 1, 204), (entry.GetProperty("webhookId").GetString(), entry.GetProperty("status").GetString(),
            entry.GetProperty("attempts").GetInt32(), entry.GetProperty("lastStatusCode").GetInt32()));
        // The secret is shown once: neither the subscription nor its log carries it, and the database holds only a ciphertext.
        var shown = await client.GetStringAsync($"/api/receipts/organizations/11111111111/webhooks/{subscriptionId}");
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM receipts.webhook_subscriptions WHERE secret_ciphertext LIKE '%{secret["whsec_".Length..]}%'"));
    }

    [Fact]
    public async Task A_hanging_and_a_failing_receiver_do_not_delay_another_subscriptions_deliveries()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Set("/hangs", new Behaviour.Hang());
        receiver.Set("/fails", new Behaviour.Fail(500, "boom"));
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        await SampleReceipts.SubscribeAsync(client, "22222222222", receiver.Url("/hangs"));
        var (failing, _) = await SampleReceipts.SubscribeAsync(client, "22222222222", receiver.Url("/fails"));
        await SampleReceipts.SubscribeAsync(client, "22222222222", receiver.Url("/healthy"));

        const int receipts = 8; // twice the per-subscription in-flight limit
        for (var i = 0; i < receipts; i++)
            await bus.PublishAsync(SampleReceipts.Receipt("22222222222", $"rcpt-iso-{i}", $"0100000000000{i:0000}"));

        // The hanging receiver fills its subscription's in-flight slots; its requests end only when the receiver is
        // disposed (the request timeout is minutes long). Meanwhile every delivery reaches the healthy receiver.
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Hanging == 4), Wait, "the hanging receiver holds the in-flight limit");
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/healthy").Count == receipts), Wait, "the healthy subscription got every event");
        Assert.Equal(4, receiver.Hanging);
        Assert.Equal(4, receiver.At("/hangs").Count);
        // The failing receiver was tried too, and is being retried on its own schedule.
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM receipts.webhook_deliveries WHERE subscription_id = '{failing}' AND attempts > 0 AND status = 'pending'") == receipts,
            Wait, "every delivery to the failing receiver attempted and scheduled again");
        var excerpt = await app.Database.ScalarAsync<string>(
            $"SELECT a.response_excerpt FROM receipts.webhook_attempts a JOIN receipts.webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = '{failing}' LIMIT 1");
        Assert.Equal("boom", excerpt);
    }

    [Fact]
    public async Task A_rotated_secret_and_the_previous_one_both_sign_during_the_overlap_and_only_the_new_one_after()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (id, oldSecret) = await SampleReceipts.SubscribeAsync(client, "33333333333", receiver.Url("/rotating"));
        var rotated = await client.PostAsJsonAsync($"/api/receipts/organizations/33333333333/webhooks/{id}/rotate-secret", new { overlapHours = 2 });
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);

        await bus.PublishAsync(SampleReceipts.Receipt("33333333333", "rcpt-rot-1", "01000000000000331"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/rotating").Count == 1), Wait, "first webhook");
        var during = receiver.At("/rotating")[0];
        Assert.Equal(2, StandardWebhooks.Signatures(during).Length);
        Assert.True(StandardWebhooks.Verifies(oldSecret, during), "the old secret still verifies during the overlap");
        Assert.True(StandardWebhooks.Verifies(newSecret, during), "the new secret verifies");

        var again = await client.PostAsJsonAsync($"/api/receipts/organizations/33333333333/webhooks/{id}/rotate-secret", new { overlapHours = 0 });
        var newest = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        await bus.PublishAsync(SampleReceipts.Receipt("33333333333", "rcpt-rot-2", "01000000000000332"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/rotating").Count == 2), Wait, "second webhook");
        var after = receiver.At("/rotating")[1];
        Assert.Single(StandardWebhooks.Signatures(after));
        Assert.True(StandardWebhooks.Verifies(newest, after));
        Assert.False(StandardWebhooks.Verifies(newSecret, after), "the replaced secret no longer signs once its overlap is over");
    }

    [Fact]
    public async Task A_redirect_is_a_failed_attempt_and_is_not_followed()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Set("/moved", new Behaviour.Redirect(receiver.Url("/elsewhere")));
        await using var bus = await SampleReceipts.BusAsync(app);
        var (id, _) = await SampleReceipts.SubscribeAsync(app.CreateClient(), "44444444444", receiver.Url("/moved"));

        await bus.PublishAsync(SampleReceipts.Receipt("44444444444", "rcpt-redirect-1", "01000000000000441"));

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<int>(
            $"SELECT last_status_code FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'") == 302, Wait, "the 302 recorded");
        Assert.Equal("pending", await app.Database.ScalarAsync<string>($"SELECT status FROM receipts.webhook_deliveries WHERE subscription_id = '{id}'"));
        Assert.Empty(receiver.At("/elsewhere"));
    }
}

public sealed class WebhookEventTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    [Fact]
    public async Task A_position_status_change_and_a_reconciled_flow_become_webhooks_and_a_content_update_does_not()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        await SampleReceipts.SubscribeAsync(app.CreateClient(), "14141414141", receiver.Url("/events"), "position.status-changed", "flow.reconciled");
        var position = new Contracts.DebtPositions.DebtPositionSnapshot("14141414141", "IUPD-1", "PAID", 3, "Comune di Test", null,
            new Contracts.DebtPositions.DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false,
            [new Contracts.DebtPositions.PaymentOptionSnapshot("01000000000001411", "301000000000001411", 12_050, "TARI", new DateOnly(2026, 12, 31),
                null, false, "PO_PAID", null, [], new Dictionary<string, string>())]);

        await bus.PublishAsync(new Contracts.DebtPositions.DebtPositionChanged(position with { Version = 2 }, "updated", "api:test", DateTimeOffset.UtcNow));
        await bus.PublishAsync(new Contracts.DebtPositions.DebtPositionChanged(position, "paid", "receipt:r-1", DateTimeOffset.UtcNow));
        await bus.PublishAsync(new Contracts.Reporting.TransfersReconciled("14141414141", "2026-12-01ABI-0001",
            [new Contracts.Reporting.ReconciledTransfer("01000000000001411", "r-1", 1, 12_050, new DateOnly(2026, 12, 1))], DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/events").Count == 2), TimeSpan.FromSeconds(30), "two webhooks");
        var events = receiver.At("/events").Select(w => JsonDocument.Parse(w.Body).RootElement).ToList();
        var paid = Assert.Single(events, e => e.GetProperty("type").GetString() == "position.status-changed");
        Assert.Equal(("IUPD-1", "PAID", "paid"), (paid.GetProperty("subject").GetString(), paid.GetProperty("data").GetProperty("status").GetString(),
            paid.GetProperty("data").GetProperty("change").GetString()));
        var flow = Assert.Single(events, e => e.GetProperty("type").GetString() == "flow.reconciled");
        Assert.Equal("2026-12-01ABI-0001", flow.GetProperty("data").GetProperty("flowId").GetString());
        // The content update raised nothing: its inbox row is there, no third delivery.
        Assert.Equal(2, await app.Database.ScalarAsync<long>("SELECT count(*) FROM receipts.webhook_deliveries"));
    }
}
