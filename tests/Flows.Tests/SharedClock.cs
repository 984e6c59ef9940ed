using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;

namespace Flows.Tests;

// The platform's clock, shared by every process (ADR 0045): each reads the offset this class writes to the file named
// by Testing:ClockOffsetFile . Moving it returns once every process answers the new offset on /testing/clock and
// Actualisation's schedules follow the new Rome day, so a scenario never sleeps. A scenario that moves the clock must
// ResetAsync it before it ends: the platform is shared.
public sealed class SharedClock(string offsetFile, Func<IEnumerable<PlatformProcess>> processes, Func<HttpClient> gateway)
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public string OffsetFile { get; } = offsetFile;

    // How far the platform's clock is from real time.
    public TimeSpan Offset { get; private set; }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset;

    // The platform's calendar day in Europe/Rome.
    public DateOnly RomeToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(UtcNow, Rome).Date);

    // Moves the platform to time on day in Europe/Rome.
    public Task SetRomeTimeAsync(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return SetOffsetAsync(new DateTimeOffset(local, Rome.GetUtcOffset(local)) - DateTimeOffset.UtcNow);
    }

    public Task AdvanceAsync(TimeSpan by) => SetOffsetAsync(Offset + by);

    public Task ResetAsync() => SetOffsetAsync(TimeSpan.Zero);

    private async Task SetOffsetAsync(TimeSpan offset)
    {
        var text = offset.ToString("c", CultureInfo.InvariantCulture);
        // Written beside and renamed into place: a process never reads half a file.
        var temporary = OffsetFile + ".tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, OffsetFile, overwrite: true);
        Offset = offset;
        foreach (var process in processes().Where(p => !p.HasExited))
        {
            using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.TrueAsync(async () =>
                    (string?)JsonNode.Parse(await http.GetStringAsync("/testing/clock"))!["offset"] == text,
                Settle, $"{process.Name} uses the clock offset {text}");
        }
        var day = RomeToday;
        await Eventually.TrueAsync(async () =>
            {
                var calendar = await gateway().GetFromJsonAsync<JsonObject>("/api/actualisation/calendar");
                return (string?)calendar!["schedulesFollow"] == day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }, Settle, $"Actualisation recomputed the schedules for {day:yyyy-MM-dd}");
    }
}
