using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Actualisation;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Issue 16, dunning: each reminder step sent by Actualisation is written in the position's history.
public sealed class ReminderTimelineTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_reminder_sent_appears_once_in_the_position_history_with_its_step_and_channels_and_the_version_stays()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iupd = Positions.Unique("remind");
        var created = await _client.CreateAsync(Positions.Position(iupd));
        var version = (await _client.ReadAsync(iupd)).GetProperty("version").GetInt64();
        var messageId = Guid.NewGuid();
        var sent = new ReminderSent(IuvBackedApp.Ec, iupd, created.Iuv(), "3" + created.Iuv(), "before-7", new DateOnly(2026, 6, 17), 12_050,
            ["email", "io:not-allowed"], new DateTimeOffset(2026, 6, 10, 8, 0, 0, TimeSpan.Zero));

        await bus.PublishAsync(sent, messageId);
        await bus.PublishAsync(sent, messageId);   // a redelivery
        await app.Deliveries.OfAsync(messageId, 2);

        var history = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}/{iupd}/history");
        var reminder = Assert.Single(history.EnumerateArray(), h => h.GetProperty("change").GetString() == "reminder-sent");
        Assert.Equal("dunning:before-7", reminder.GetProperty("cause").GetString());
        Assert.Equal(version, reminder.GetProperty("version").GetInt64());
        Assert.Contains("email, io:not-allowed", reminder.GetProperty("detail").GetString());
        Assert.Equal(sent.OccurredAt, reminder.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(version, (await _client.ReadAsync(iupd)).GetProperty("version").GetInt64());
    }
}
