using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace Actualisation.Tests;

public sealed class ScheduleEventsTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    private const string MarkerPrefix = "marker-";

    // Every AmountScheduleComputed the service publishes, settled by a marker event whose IUV carries its id.
    internal static Task<EveryEvent<AmountScheduleComputed>> EverySchedulePublishedAsync(TestBus bus) =>
        EveryEvent<AmountScheduleComputed>.StartAsync(bus, id => new AmountScheduleComputed("", "", MarkerPrefix + id.ToString("N"), 0, [], DateTimeOffset.UtcNow),
            s => s.Iuv.StartsWith(MarkerPrefix, StringComparison.Ordinal) ? Guid.ParseExact(s.Iuv[MarkerPrefix.Length..], "N") : null);
    private const string Ec = "77777777777";

    internal static DebtPositionChanged Position(string iupd, string iuv, long version, string status = "VALID",
        long fineCents = 4_200, string? rule = "fine-5-60", DateOnly? notified = null) => new(
        new DebtPositionSnapshot(Ec, iupd, status, version, "Comune di Demo", null, new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"),
            null, false,
            [
                new PaymentOptionSnapshot(iuv, "3" + iuv, fineCents + 1_000, "Verbale 123", new DateOnly(2026, 6, 30), null, false, "PO_UNPAID", null,
                [
                    new TransferSnapshot(1, fineCents, Ec, null, "Sanzione", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                    new TransferSnapshot(2, 1_000, Ec, null, "Spese di notifica", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>()),
                ], new Dictionary<string, string>(), rule, notified ?? new DateOnly(2026, 3, 10)),
            ]),
        DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_published_fine_gets_its_three_step_schedule_announced_and_readable_through_the_api()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await bus.ObserveAsync<AmountScheduleComputed>();
        _ = app.Server;

        await bus.PublishAsync(Position("IUPD-RT-1", "01000000000000901", 1));

        var schedule = await computed.WaitForAsync(s => s.Iuv == "01000000000000901");
        Assert.Equal(("IUPD-RT-1", 1L), (schedule.Iupd, schedule.PositionVersion));
        Assert.Equal(new[] { 3_940L, 5_200L, 9_400L }, schedule.Steps.Select(s => s.AmountCents));
        Assert.Equal(new DateOnly(2026, 3, 15), schedule.Steps[0].ValidUntil);
        Assert.Equal(new DateOnly(2026, 5, 10), schedule.Steps[2].ValidFrom);

        var view = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/actualisation/organizations/{Ec}/notices/01000000000000901/schedule");
        Assert.Equal("fine-5-60", view.GetProperty("rule").GetString());
        Assert.Equal(3, view.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Duplicates_older_versions_and_unchanged_schedules_announce_nothing_new()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await EverySchedulePublishedAsync(bus);
        var deliveries = Deliveries.Attach(app.Services);
        const string iuv = "01000000000000902";
        var (messageId, sameContent, older, newer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await bus.PublishAsync(Position("IUPD-ID-1", iuv, 2), messageId);
        // Consumers run concurrently and the broker does not order deliveries across them: the "late" version 1 is
        // late only once version 2 has been processed (seen: processed first, it was announced as new, rightly).
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            "SELECT version FROM actualisation.positions WHERE iupd = 'IUPD-ID-1'") == 2, TimeSpan.FromSeconds(20), "version 2 processed");
        await bus.PublishAsync(Position("IUPD-ID-1", iuv, 2), messageId);        // redelivery
        await bus.PublishAsync(Position("IUPD-ID-1", iuv, 2), sameContent);      // same content, new message id
        await bus.PublishAsync(Position("IUPD-ID-1", iuv, 1, fineCents: 9_999), older);  // older, late
        await bus.PublishAsync(Position("IUPD-ID-1", iuv, 3), newer);            // newer, same amounts
        // Every delivery has been through the inbox and the consumer, and every event committed since has been seen.
        await deliveries.OfAsync(messageId, 2);
        foreach (var id in new[] { sameContent, older, newer }) await deliveries.OfAsync(id);
        await computed.SettleAsync(app.Database, "actualisation");

        var single = Assert.Single(computed.Seen, s => s.Iuv == iuv);
        Assert.Equal(2, single.PositionVersion);
        Assert.Equal(3, await app.Database.ScalarAsync<long>($"SELECT position_version FROM actualisation.amount_schedules WHERE iuv = '{iuv}'"));

        await bus.PublishAsync(Position("IUPD-ID-1", iuv, 4, fineCents: 5_000));  // amount changed: announced again
        var changed = await computed.WaitForAsync(s => s.Iuv == iuv && s.PositionVersion == 4);
        Assert.Equal(6_000, changed.Steps[1].AmountCents);
    }

    [Fact]
    public async Task A_position_that_is_not_payable_gets_no_schedule()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;

        await bus.PublishAsync(Position("IUPD-NP-1", "01000000000000903", 1, status: "INVALID"));

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM actualisation.positions WHERE iupd = 'IUPD-NP-1'") == 1, TimeSpan.FromSeconds(20), "event processed");
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM actualisation.amount_schedules WHERE iupd = 'IUPD-NP-1'"));
        var missing = await app.CreateClient().GetAsync($"/api/actualisation/organizations/{Ec}/notices/01000000000000903/schedule");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_fine_without_notification_date_stays_payable_at_its_constant_amount()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await bus.ObserveAsync<AmountScheduleComputed>();
        _ = app.Server;
        var position = Position("IUPD-ND-1", "01000000000000904", 1);
        var option = position.Position.Options[0] with { NotificationDate = null };

        await bus.PublishAsync(position with { Position = position.Position with { Options = [option] } });

        var schedule = await computed.WaitForAsync(s => s.Iuv == "01000000000000904");
        var step = Assert.Single(schedule.Steps);
        Assert.Equal(("constant", 5_200L), (step.Reason, step.AmountCents));
    }
}
