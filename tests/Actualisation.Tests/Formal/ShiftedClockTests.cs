using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Actualisation;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Time;
using Testing;
using Xunit;

namespace Actualisation.Tests.Formal;

// The service on the test platform's shared clock (Testing:ClockOffsetFile, ADR 0045), as Flows.Tests runs it.
public sealed class ShiftedClockApp() : ServiceFactory<Program>(ActualisationDb.Schema, typeof(ActualisationDb).Assembly)
{
    public string OffsetFile { get; } = Path.Combine(Directory.CreateTempSubdirectory("actualisation-clock-").FullName, "clock-offset");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(PlatformClock.OffsetFileSetting, OffsetFile);
    }

    // Moves the service's clock to day at noon in Rome, as the Flows harness writes the file.
    public void MoveTo(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(12, 0));
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var offset = new DateTimeOffset(local, rome.GetUtcOffset(local)) - DateTimeOffset.UtcNow;
        File.WriteAllText(OffsetFile + ".tmp", offset.ToString("c", CultureInfo.InvariantCulture));
        File.Move(OffsetFile + ".tmp", OffsetFile, overwrite: true);
    }
}

public sealed class ShiftedClockTests(ShiftedClockApp app) : IClassFixture<ShiftedClockApp>
{
    private const string Ec = "45645645646";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // By hand from RULES.md §3.7: M = 42.00, X = 173.00, K = 12.50, N = Thursday 14 January 2027; D60 = Monday 15
    // March 2027 (no shift), so on Tuesday 16 March: round2(173.00 / 2) = 86.50 + 8.65 (one semester started) + 12.50
    // = 107.65 €. On 14 January the published horizon (31 days) ends at the ordinary tier.
    [Fact]
    public async Task When_the_shared_clock_jumps_to_day_61_the_schedules_are_recomputed_for_that_day_without_waiting_for_midnight()
    {
        var notified = new DateOnly(2027, 1, 14);
        app.MoveTo(notified);
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await bus.ObserveAsync<AmountScheduleComputed>();
        using var client = app.CreateClient();
        await CalendarFollowsAsync(client, notified);
        const string iuv = "01000000000000962";

        await bus.PublishAsync(new DebtPositionChanged(new DebtPositionSnapshot(Ec, "IUPD-SHIFT-1", "VALID", 1, "Comune di Demo", null,
            new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false,
            [
                new PaymentOptionSnapshot(iuv, "3" + iuv, 5_450, "Verbale", notified.AddDays(365), null, false, "PO_UNPAID", null,
                [
                    new TransferSnapshot(1, 4_200, Ec, null, "Sanzione", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                    new TransferSnapshot(2, 1_250, Ec, null, "Spese", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                ],
                new Dictionary<string, string> { ["actualisation.X"] = "17300" }, "FINE-CDS", notified),
            ]), DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow));

        var first = await computed.WaitForAsync(s => s.Iuv == iuv, Settle);
        Assert.Equal(4_190, first.Steps.Single(s => s.ValidUntil == notified.AddDays(5)).AmountCents);
        Assert.Equal(5_450, first.Steps[^1].AmountCents);
        Assert.DoesNotContain(first.Steps, s => s.AmountCents == 10_765);

        app.MoveTo(notified.AddDays(61));
        // As the Flows harness does: the clock endpoint re-reads the file at once, should the watcher be late or missing.
        var clock = (await client.GetFromJsonAsync<JsonObject>(PlatformClock.ClockPath))!;
        Assert.StartsWith("2027-03-16T", (string?)clock["now"], StringComparison.Ordinal);

        var recomputed = await computed.WaitForAsync(s => s.Iuv == iuv && s.Steps.Any(step => step.AmountCents == 10_765), Settle);
        var day61 = recomputed.Steps.Single(s => s.AmountCents == 10_765);
        Assert.Equal(new DateOnly(2027, 3, 16), day61.ValidFrom);
        Assert.Equal(new long[] { 9_515, 1_250 }, day61.Transfers.Select(t => t.AmountCents));
        await CalendarFollowsAsync(client, notified.AddDays(61));
    }

    private static async Task CalendarFollowsAsync(HttpClient client, DateOnly day)
    {
        var expected = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(async () =>
        {
            var calendar = (await client.GetFromJsonAsync<JsonObject>("/api/actualisation/calendar"))!;
            return (string?)calendar["today"] == expected && (string?)calendar["schedulesFollow"] == expected;
        }, Settle, $"the schedules follow {expected}");
    }
}
