using System.Net.Http.Json;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using Testing;

namespace NodeAdapter.Tests;

// Feeds the station's read model over the real broker and waits until it shows the change.
internal static class ReadModel
{
    public static async Task PublishAsync(HttpClient client, TestBus bus, DebtPositionChanged changed)
    {
        await bus.PublishAsync(changed);
        foreach (var option in changed.Position.Options)
            await Eventually.TrueAsync(async () => (await NoticeAsync(client, option.Nav))?.PositionVersion == changed.Position.Version,
                TimeSpan.FromSeconds(20), $"notice {option.Nav} at version {changed.Position.Version}");
    }

    // Waits until the station's amount due today is dueTodayCents (a recomputed schedule keeps its version).
    public static async Task PublishAsync(HttpClient client, TestBus bus, AmountScheduleComputed schedule, long dueTodayCents)
    {
        await bus.PublishAsync(schedule);
        await Eventually.TrueAsync(async () => await NoticeAsync(client, Positions.Nav(schedule.Iuv)) is { } notice
                && notice.ScheduleVersion == schedule.PositionVersion && notice.AmountDueTodayCents == dueTodayCents,
            TimeSpan.FromSeconds(20), $"schedule of {schedule.Iuv} at version {schedule.PositionVersion} applied");
    }

    public static async Task<NoticeView?> NoticeAsync(HttpClient client, string nav)
    {
        var response = await client.GetAsync($"/api/node-adapter/organizations/{NodeAdapterApp.Organization}/notices/{nav}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<NoticeView>() : null;
    }
}

internal sealed record NoticeView(string Nav, long PositionVersion, string PositionStatus, string? FaultCode, bool ReceiptReceived,
    long? AmountDueTodayCents, string? AmountSource, long? ScheduleVersion);
