using System.Text.Json;
using Contracts.Actualisation;
using Testing;
using Xunit;

namespace Receipts.Tests;

// Issue 16, dunning: reminders and the daily overdue summary reach the municipality as signed webhooks.
public sealed class DunningWebhookTests(SlowPollApp app) : IClassFixture<SlowPollApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reminder_and_an_overdue_summary_reach_their_subscriber_as_signed_reminder_sent_and_position_overdue_events()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var (_, secret) = await SampleReceipts.SubscribeAsync(client, "55555555558", receiver.Url("/dunning"), "reminder.sent", "position.overdue");
        await SampleReceipts.SubscribeAsync(client, "55555555558", receiver.Url("/receipts-only"), "receipt.archived");
        var now = DateTimeOffset.UtcNow;

        await bus.PublishAsync(new ReminderSent("55555555558", "IUPD-R-1", "01000000000005201", "301000000000005201", "before-7",
            new DateOnly(2026, 6, 17), 12_345, ["email", "io:not-allowed"], now));
        await bus.PublishAsync(new PositionsOverdue("55555555558", new DateOnly(2026, 6, 18),
            [new OverdueNotice("IUPD-R-2", "01000000000005202", "301000000000005202", 7_000, new DateOnly(2026, 6, 17), "RSSMRA80A01H501U")], now));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.At("/dunning").Count == 2), Wait, "both events arrived");
        Assert.All(receiver.At("/dunning"), w => Assert.True(StandardWebhooks.Verifies(secret, w)));
        var events = receiver.At("/dunning").Select(w => JsonDocument.Parse(w.Body).RootElement).ToDictionary(e => e.GetProperty("type").GetString()!);
        var reminder = events["reminder.sent"];
        Assert.Equal("01000000000005201", reminder.GetProperty("subject").GetString());
        Assert.Equal(("before-7", 12_345L), (reminder.GetProperty("data").GetProperty("step").GetString(), reminder.GetProperty("data").GetProperty("amountCents").GetInt64()));
        Assert.Equal(["email", "io:not-allowed"], reminder.GetProperty("data").GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        var overdue = events["position.overdue"];
        Assert.Equal("2026-06-18", overdue.GetProperty("subject").GetString());
        Assert.Equal("01000000000005202", Assert.Single(overdue.GetProperty("data").GetProperty("notices").EnumerateArray()).GetProperty("iuv").GetString());
        Assert.Empty(receiver.At("/receipts-only"));
    }
}
