using Actualisation;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Testing;
using Xunit;

namespace Actualisation.Tests.Formal;

// The service on a fake clock one minute before midnight in Rome (11 March 2026, 23:59 CET).
public sealed class MidnightApp() : ServiceFactory<Program>(ActualisationDb.Schema, typeof(ActualisationDb).Assembly)
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 11, 22, 59, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}

public sealed class MidnightTests(MidnightApp app) : IClassFixture<MidnightApp>
{
    private const string Ec = "45645645645";

    [Fact]
    public async Task At_midnight_in_Rome_an_interest_bearing_notice_is_recomputed_and_its_next_day_announced()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await bus.ObserveAsync<AmountScheduleComputed>();
        _ = app.Server;
        const string iuv = "01000000000000961";

        await bus.PublishAsync(new DebtPositionChanged(new DebtPositionSnapshot(Ec, "IUPD-MID-1", "VALID", 1, "Comune di Demo", null,
            new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false,
            [
                new PaymentOptionSnapshot(iuv, "3" + iuv, 100_000, "Canone", new DateOnly(2026, 3, 1), null, false, "PO_UNPAID", null,
                [new TransferSnapshot(1, 100_000, Ec, null, "Canone", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>())],
                new Dictionary<string, string>(), "INTEREST"),
            ]), DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow));

        var before = await computed.WaitForAsync(s => s.Iuv == iuv);
        // 11 March: 10 days at 1.6% on 1000.00 € = 43.84 → 44 cents; the horizon ends 31 days later.
        Assert.Equal(100_044, before.Steps.Single(s => s.ValidUntil == new DateOnly(2026, 3, 11)).AmountCents);
        Assert.Equal(new DateOnly(2026, 4, 11), before.Steps[^1].ValidUntil);

        app.Time.Advance(TimeSpan.FromMinutes(2));

        var after = await computed.WaitForAsync(s => s.Iuv == iuv && s.Steps[^1].ValidUntil == new DateOnly(2026, 4, 12));
        Assert.Equal(before.PositionVersion, after.PositionVersion);
        Assert.All(after.Steps, s => Assert.Equal(s.AmountCents, s.Components!.Sum(c => c.AmountCents)));
    }
}
