using Contracts.NodeAdapter;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// pagoPA's calendar days are Italian days: the schedule step due "today" and the step a payment is judged against
// change at midnight in Europe/Rome, an hour (winter) or two (summer) before midnight UTC.
public sealed class RomeDayTests(ClockedNodeAdapterApp app) : IClassFixture<ClockedNodeAdapterApp>
{
    [Theory]
    [InlineData("2026-01-15", 1)]
    [InlineData("2026-07-15", 2)]
    public async Task The_station_answers_the_next_step_from_midnight_in_Rome_not_from_midnight_UTC(string lastReducedDay, int romeOffsetHours)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var day = DateOnly.Parse(lastReducedDay, System.Globalization.CultureInfo.InvariantCulture);
        var midnightInRome = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(romeOffsetHours));
        app.Time.Set(midnightInRome.AddSeconds(-1));
        var iuv = await ReducedUntilAsync(client, bus, day);

        Assert.Equal("70.00", await VerifiedAmountAsync(client, iuv));
        app.Time.Set(midnightInRome);
        Assert.Equal("100.00", await VerifiedAmountAsync(client, iuv));
        // Still the same day in UTC: a station counting days in UTC would answer 70.00 here.
        Assert.Equal(day, DateOnly.FromDateTime(midnightInRome.UtcDateTime));
        app.Time.Set(null);
    }

    [Theory]
    [InlineData("2026-01-15T23:59:00", null)]
    [InlineData("2026-01-16T00:30:00", "amount-mismatch: due 100.00, paid 70.00")]
    [InlineData("2026-01-15T23:30:00Z", "amount-mismatch: due 100.00, paid 70.00")]
    [InlineData("2026-01-15T22:59:59Z", null)]
    public async Task A_receipt_is_judged_against_the_amount_due_on_its_Italian_payment_day_not_on_the_day_it_arrives(
        string paymentDateTime, string? anomaly)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var day = new DateOnly(2026, 1, 15);
        // The receipt arrives days later, when only the ordinary amount would be due.
        app.Time.Set(new DateTimeOffset(2026, 1, 19, 9, 0, 0, TimeSpan.FromHours(1)));
        var iuv = await ReducedUntilAsync(client, bus, day);

        var answer = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-day-" + iuv, iuv, 7_000, paymentDateTime: paymentDateTime));

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal(anomaly, (await published.WaitForAsync(r => r.ReceiptId == "rcpt-day-" + iuv)).Anomaly);
        app.Time.Set(null);
    }

    // A notice of 100.00 reduced to 70.00 up to and including lastReducedDay.
    private async Task<string> ReducedUntilAsync(HttpClient client, TestBus bus, DateOnly lastReducedDay)
    {
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 10_000));
        var dueNow = Rome(app.Time.GetUtcNow()) <= lastReducedDay ? 7_000 : 10_000;
        await ReadModel.PublishAsync(client, bus, Positions.Schedule(iuv, 1,
            Positions.Step(null, lastReducedDay, 7_000, "reduced"), Positions.Step(lastReducedDay.AddDays(1), null, 10_000)), dueNow);
        return iuv;
    }

    private static async Task<string> VerifiedAmountAsync(HttpClient client, string iuv)
    {
        var answer = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));
        Assert.Equal("OK", answer.Outcome);
        return answer.Value("paymentList", "paymentOptionDescription", "amount");
    }

    // The test's own reading of the Italian day, used only to know which amount the read model shows while it waits.
    private static DateOnly Rome(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);
}
