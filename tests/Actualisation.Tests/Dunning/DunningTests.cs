using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Actualisation;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using Contracts.Receipts;
using Testing;
using Xunit;

namespace Actualisation.Tests.Dunning;

// Issue 16, item 5: reminders over a real SMTP sink and the IO API played by the NodeSimulator, driven by a settable
// clock. "Nothing more was sent" is checked after a whole round that began after the state was set, proven by a
// marker EC's reminders (see ARoundAfterThisAsync), never by waiting a while.
public sealed class DunningTests(DunningApp app) : IClassFixture<DunningApp>
{
    private const string MarkerEc = "80000000009";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly HttpClient _api = app.CreateClient();

    // A wall-clock time in Rome in June 2026 (CEST, UTC+2).
    private static DateTimeOffset RomeTime(int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(2)).ToUniversalTime();

    [Fact]
    public async Task A_notice_is_reminded_by_email_once_per_step_a_week_before_and_on_its_due_date_with_an_event_for_each()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var events = await bus.ObserveAsync<ReminderSent>();
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000001";
        await EnableAsync(ec, new { steps = new[] { -7, 0, 30 }, channels = new[] { "email" } });
        var citizen = Citizen("once");

        var iuv = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), citizen.Email, citizen.FiscalCode, 12_345);

        var first = Assert.Single(await MailsAsync(citizen.Email, 1));
        Assert.Contains("3" + iuv, first.Subject);
        Assert.Contains("123,45 €", first.Text);
        Assert.Contains("scade il 17 giugno 2026", first.Text);
        var before = await events.WaitForAsync(e => e.Iuv == iuv);
        Assert.Equal(("before-7", 12_345L), (before.Step, before.AmountCents));
        Assert.Equal(["email"], before.Channels);
        await ARoundAfterThisAsync(bus);
        Assert.Single(await app.MailsToAsync(citizen.Email));

        app.Time.Set(RomeTime(6, 17, 10));
        var both = await MailsAsync(citizen.Email, 2);
        Assert.Contains("3" + iuv, both[1].Subject);
        await events.WaitForAsync(e => e.Iuv == iuv && e.Step == "due-date");
        await ARoundAfterThisAsync(bus);
        Assert.Equal(2, (await app.MailsToAsync(citizen.Email)).Count);
        Assert.Equal(["before-7", "due-date"], events.Messages.Where(e => e.Iuv == iuv).Select(e => e.Step));

        var steps = await _api.GetFromJsonAsync<JsonElement>($"/api/actualisation/organizations/{ec}/notices/{iuv}/reminders");
        Assert.Equal(["before-7", "due-date"], steps.EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.All(steps.EnumerateArray(), s => Assert.True(s.GetProperty("sent").GetBoolean()));
    }

    [Fact]
    public async Task A_paid_notice_gets_no_reminder_and_a_payment_stops_the_steps_still_to_come()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000002";
        var (paidFirst, paidLater) = (Citizen("paid-first"), Citizen("paid-later"));
        var paidIuv = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), paidFirst.Email, paidFirst.FiscalCode);
        await PayAsync(bus, ec, paidIuv);

        await EnableAsync(ec, new { channels = new[] { "email" } });
        var laterIuv = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), paidLater.Email, paidLater.FiscalCode);
        Assert.Single(await MailsAsync(paidLater.Email, 1));
        await PayAsync(bus, ec, laterIuv);

        app.Time.Set(RomeTime(6, 17, 10));
        await ARoundAfterThisAsync(bus);
        Assert.Empty(await app.MailsToAsync(paidFirst.Email));
        Assert.Single(await app.MailsToAsync(paidLater.Email));
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM actualisation.dunning_reminders WHERE iuv = '{paidIuv}' OR (iuv = '{laterIuv}' AND step_days = 0)"));
    }

    [Fact]
    public async Task No_reminder_goes_out_during_the_ECs_quiet_hours_in_Rome_and_it_goes_out_when_they_end()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        app.Time.Set(RomeTime(6, 10, 21, 30));
        const string ec = "80000000003";
        await EnableAsync(ec, new { channels = new[] { "email" }, quietHours = new { from = "20:00", until = "08:00" } });
        var citizen = Citizen("quiet");
        await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), citizen.Email, citizen.FiscalCode);

        await ARoundAfterThisAsync(bus);
        Assert.Empty(await app.MailsToAsync(citizen.Email));
        app.Time.Set(RomeTime(6, 11, 7, 55));
        await ARoundAfterThisAsync(bus);
        Assert.Empty(await app.MailsToAsync(citizen.Email));

        app.Time.Set(RomeTime(6, 11, 8, 5));
        Assert.Single(await MailsAsync(citizen.Email, 1));
    }

    [Fact]
    public async Task An_IO_message_with_the_payment_data_goes_only_to_a_citizen_whose_profile_lets_the_service_write()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var events = await bus.ObserveAsync<ReminderSent>();
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000004";
        var (allowed, refused, absent) = (Citizen("io-yes"), Citizen("io-no"), Citizen("io-none"));
        (await app.Simulator.PutAsJsonAsync($"/simulator/io/profiles/{allowed.FiscalCode}", new { senderAllowed = true })).EnsureSuccessStatusCode();
        (await app.Simulator.PutAsJsonAsync($"/simulator/io/profiles/{refused.FiscalCode}", new { senderAllowed = false })).EnsureSuccessStatusCode();
        await EnableAsync(ec, new { channels = new[] { "io" } });

        var iuvs = new Dictionary<string, string>();
        foreach (var citizen in new[] { allowed, refused, absent })
            iuvs[citizen.FiscalCode] = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), null, citizen.FiscalCode, 4_200);

        Assert.Equal(["io"], (await events.WaitForAsync(e => e.Iuv == iuvs[allowed.FiscalCode], Wait)).Channels);
        Assert.Equal(["io:not-allowed"], (await events.WaitForAsync(e => e.Iuv == iuvs[refused.FiscalCode], Wait)).Channels);
        Assert.Equal(["io:no-profile"], (await events.WaitForAsync(e => e.Iuv == iuvs[absent.FiscalCode], Wait)).Channels);
        var message = Assert.Single(await IoMessagesAsync(allowed.FiscalCode));
        Assert.True(message.GetProperty("accepted").GetBoolean());
        Assert.Equal(4_200, message.GetProperty("amount").GetInt64());
        Assert.Equal("3" + iuvs[allowed.FiscalCode], message.GetProperty("noticeNumber").GetString());
        Assert.Equal(ec, message.GetProperty("payeeFiscalCode").GetString());
        Assert.Empty(await IoMessagesAsync(refused.FiscalCode));
        Assert.Empty(await IoMessagesAsync(absent.FiscalCode));
    }

    [Fact]
    public async Task An_EC_gets_at_most_its_daily_limit_of_reminders_a_day_and_the_rest_the_next_day()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000005";
        var citizens = new[] { Citizen("limit-1"), Citizen("limit-2"), Citizen("limit-3") };
        foreach (var citizen in citizens) await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), citizen.Email, citizen.FiscalCode);

        await EnableAsync(ec, new { channels = new[] { "email" }, dailyLimit = 2 });
        await Eventually.TrueAsync(async () => await CountMailsAsync(citizens) == 2, Wait, "two reminders sent");
        await ARoundAfterThisAsync(bus);
        Assert.Equal(2, await CountMailsAsync(citizens));

        app.Time.Set(RomeTime(6, 11, 10));
        await Eventually.TrueAsync(async () => await CountMailsAsync(citizens) == 3, Wait, "the third reminder sent the next day");
        foreach (var citizen in citizens) Assert.Single(await app.MailsToAsync(citizen.Email));
    }

    [Fact]
    public async Task The_EC_gets_one_overdue_summary_a_day_listing_the_unpaid_notices_that_became_overdue_since_the_last_one()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var summaries = await bus.ObserveAsync<PositionsOverdue>();
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000006";
        var office = $"ragioneria-{Guid.NewGuid():N}@comune.example";
        var unpaid = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 9), null, Citizen("late").FiscalCode, 7_000);
        var paid = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 9), null, Citizen("late-paid").FiscalCode);
        await PayAsync(bus, ec, paid);
        var notYet = await NoticeAsync(bus, ec, new DateOnly(2026, 6, 10), null, Citizen("due-today").FiscalCode);

        await EnableAsync(ec, new { channels = Array.Empty<string>(), alertEmail = office });

        var first = Assert.Single(await MailsAsync(office, 1));
        Assert.Contains("3" + unpaid, first.Text);
        Assert.DoesNotContain("3" + paid, first.Text);
        Assert.DoesNotContain("3" + notYet, first.Text);
        var summary = await summaries.WaitForAsync(s => s.OrganizationFiscalCode == ec, Wait);
        Assert.Equal(new DateOnly(2026, 6, 10), summary.Day);
        Assert.Equal([unpaid], summary.Notices.Select(n => n.Iuv));
        await ARoundAfterThisAsync(bus);
        Assert.Single(await app.MailsToAsync(office));

        app.Time.Set(RomeTime(6, 11, 10));
        var both = await MailsAsync(office, 2);
        Assert.Contains("3" + notYet, both[1].Text);
        Assert.DoesNotContain("3" + unpaid, both[1].Text);
        await ARoundAfterThisAsync(bus);
        Assert.Equal(2, (await app.MailsToAsync(office)).Count);
        Assert.Single(summaries.Messages, s => s.OrganizationFiscalCode == ec && s.Day == new DateOnly(2026, 6, 11));
    }

    [Fact]
    public async Task A_revenue_type_with_its_own_schedule_follows_its_steps_and_the_other_notices_the_ECs()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000008";
        await EnableAsync(ec, new { steps = new[] { -7 }, channels = new[] { "email" } });
        var schedule = await _api.PutAsJsonAsync($"/api/actualisation/organizations/{ec}/dunning/schedules/CDS", new { steps = new[] { 0 }, channels = new[] { "email" } });
        Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
        var (fine, tax) = (Citizen("cds"), Citizen("other"));

        await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), fine.Email, fine.FiscalCode, revenueType: "CDS");
        await NoticeAsync(bus, ec, new DateOnly(2026, 6, 17), tax.Email, tax.FiscalCode);

        Assert.Single(await MailsAsync(tax.Email, 1));
        await ARoundAfterThisAsync(bus);
        Assert.Empty(await app.MailsToAsync(fine.Email));
        app.Time.Set(RomeTime(6, 17, 10));
        Assert.Contains("scade il 17 giugno 2026", Assert.Single(await MailsAsync(fine.Email, 1)).Text);
        await ARoundAfterThisAsync(bus);
        Assert.Single(await app.MailsToAsync(tax.Email));
    }

    [Fact]
    public async Task A_bulk_imported_overdue_notice_is_reminded_once_and_no_more_after_it_is_paid()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var events = await bus.ObserveAsync<ReminderSent>();
        app.Time.Set(RomeTime(6, 10, 10));
        const string ec = "80000000010";
        await EnableAsync(ec, new { steps = new[] { 0, 30 }, channels = new[] { "email" } });
        var (overdue, other) = (Citizen("imported"), Citizen("imported-other"));
        var chunk = new DebtPositionsImported(Guid.NewGuid(), 0,
            [ImportedPosition(ec, overdue, new DateOnly(2026, 6, 5), 9_900), ImportedPosition(ec, other, new DateOnly(2026, 7, 31), 5_000)],
            DebtPositionChanges.Published, "import:test", DateTimeOffset.UtcNow);
        var iuv = chunk.Positions[0].Options[0].Iuv;

        // Twice: a redelivered chunk (another message id) changes nothing.
        await bus.PublishAsync(chunk);
        await bus.PublishAsync(chunk);

        var reminder = Assert.Single(await MailsAsync(overdue.Email, 1));
        Assert.Contains("3" + iuv, reminder.Subject);
        Assert.Contains("99,00 €", reminder.Text);
        Assert.Equal("due-date", (await events.WaitForAsync(e => e.Iuv == iuv, Wait)).Step);
        await ARoundAfterThisAsync(bus);
        Assert.Single(await app.MailsToAsync(overdue.Email));
        Assert.Empty(await app.MailsToAsync(other.Email));

        await PayAsync(bus, ec, iuv);
        app.Time.Set(RomeTime(7, 6, 10));
        await ARoundAfterThisAsync(bus);
        Assert.Single(await app.MailsToAsync(overdue.Email));
        Assert.Equal(["due-date"], events.Messages.Where(e => e.Iuv == iuv).Select(e => e.Step));
    }

    [Fact]
    public async Task Settings_are_validated_field_by_field_and_left_out_fields_take_the_defaults()
    {
        var bad = await _api.PutAsJsonAsync("/api/actualisation/organizations/80000000007/dunning",
            new { steps = new[] { 1, 1 }, channels = new[] { "fax" }, quietHours = new { from = "25:00" }, dailyLimit = 0, alertEmail = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["alertEmail", "channels", "dailyLimit", "quietHours.from", "steps"], errors.EnumerateObject().Select(e => e.Name).Order());

        var unset = await _api.GetFromJsonAsync<JsonElement>("/api/actualisation/organizations/80000000007/dunning");
        Assert.False(unset.GetProperty("configured").GetBoolean());
        var set = await _api.PutAsJsonAsync("/api/actualisation/organizations/80000000007/dunning", new { });
        var view = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, "[-7,0,30]", "[\"email\",\"io\"]", "20:00", "08:00", 1000),
            (view.GetProperty("enabled").GetBoolean(), view.GetProperty("steps").GetRawText(), view.GetProperty("channels").GetRawText(),
             view.GetProperty("quietHours").GetProperty("from").GetString(), view.GetProperty("quietHours").GetProperty("until").GetString(),
             view.GetProperty("dailyLimit").GetInt32()));
    }

    private async Task EnableAsync(string ec, object settings)
    {
        var response = await _api.PutAsJsonAsync($"/api/actualisation/organizations/{ec}/dunning", settings);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    // Returns once a whole round has run that started after the call. Marker notices of a marker EC, each published
    // after the previous one was reminded: the first is reminded in some round R1 (perhaps begun before the call),
    // the second in a later round R2, which began after R1 ended and so after the call, the third in a round after
    // R2, so R2 went through every EC.
    private async Task ARoundAfterThisAsync(TestBus bus)
    {
        await EnableAsync(MarkerEc, new { steps = new[] { 0 }, channels = new[] { "email" }, quietHours = new { from = "00:00", until = "00:00" }, dailyLimit = 1_000_000 });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);
        for (var i = 0; i < 3; i++)
        {
            var marker = Citizen("marker");
            await NoticeAsync(bus, MarkerEc, today, marker.Email, marker.FiscalCode);
            await MailsAsync(marker.Email, 1);
        }
    }

    private async Task<List<Mail>> MailsAsync(string address, int count)
    {
        List<Mail> mails = [];
        await Eventually.TrueAsync(async () => (mails = await app.MailsToAsync(address)).Count >= count, Wait, $"{count} e-mail(s) to {address}");
        return mails;
    }

    private async Task<int> CountMailsAsync(IEnumerable<(string Email, string FiscalCode)> citizens)
    {
        var total = 0;
        foreach (var citizen in citizens) total += (await app.MailsToAsync(citizen.Email)).Count;
        return total;
    }

    private async Task<List<JsonElement>> IoMessagesAsync(string fiscalCode) =>
        (await app.Simulator.GetFromJsonAsync<List<JsonElement>>($"/simulator/io/messages?fiscalCode={fiscalCode}"))!;

    private static (string Email, string FiscalCode) Citizen(string name)
    {
        var id = Guid.NewGuid().ToString("N");
        return ($"{name}-{id[..12]}@example.org", "RSSMRA80A01H" + id[..4].ToUpperInvariant());
    }

    // Publishes a VALID position with one notice and waits until dunning knows it; answers its IUV.
    private async Task<string> NoticeAsync(TestBus bus, string ec, DateOnly due, string? email, string fiscalCode, long amount = 12_345,
        string? revenueType = null)
    {
        var iuv = Random.Shared.NextInt64(10_000_000_000_000_000, 99_999_999_999_999_999).ToString();
        var debtor = new DebtorSnapshot("F", fiscalCode, "Maria Bianchi", Email: email);
        await bus.PublishAsync(new DebtPositionChanged(new DebtPositionSnapshot(ec, "IUPD-" + iuv, "VALID", 1, "Comune di Prova", null, debtor, null, false,
        [
            new PaymentOptionSnapshot(iuv, "3" + iuv, amount, "TARI 2026", due, null, false, "PO_UNPAID", null,
                [new TransferSnapshot(1, amount, ec, null, "TARI 2026", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>())],
                new Dictionary<string, string>()),
        ], revenueType), DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM actualisation.dunning_notices WHERE iuv = '{iuv}'") == 1, Wait, "the notice reached dunning");
        return iuv;
    }

    // A position as a bulk import's chunk carries it: VALID, version 2, one unpaid notice.
    private static DebtPositionSnapshot ImportedPosition(string ec, (string Email, string FiscalCode) citizen, DateOnly due, long amount)
    {
        var iuv = Random.Shared.NextInt64(10_000_000_000_000_000, 99_999_999_999_999_999).ToString();
        return new DebtPositionSnapshot(ec, "IMP-" + iuv, "VALID", 2, "Comune di Prova", null,
            new DebtorSnapshot("F", citizen.FiscalCode, "Luigi Verdi", Email: citizen.Email), null, false,
            [
                new PaymentOptionSnapshot(iuv, "3" + iuv, amount, "TARI 2026", due, null, false, "PO_UNPAID", null,
                    [new TransferSnapshot(1, amount, ec, null, "TARI 2026", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>())],
                    new Dictionary<string, string>()),
            ]);
    }

    private async Task PayAsync(TestBus bus, string ec, string iuv)
    {
        await bus.PublishAsync(new PaymentRecorded(ec, iuv, "3" + iuv, "rcpt-" + iuv, 12_345, DateTimeOffset.UtcNow, "PSP1", false, [], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM actualisation.dunning_notices WHERE iuv = '{iuv}' AND paid_at IS NOT NULL") == 1, Wait, "the payment reached dunning");
    }
}
