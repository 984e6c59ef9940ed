using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using Contracts.Receipts;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Issue 16: an instalment paid through pagoPA is a payment on account of the whole debt. From DebtPositions' recorded
// payment to the amount Actualisation's schedule asks on the single-payment alternative, across the real services.
public sealed class InstalmentOnAccountTests(CoerciveApp app) : IClassFixture<CoerciveApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_paid_instalment_of_a_fine_reduces_what_its_single_payment_alternative_asks_by_what_the_receipt_paid()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await using var actualisationBus = await TestBus.StartAsync(app.Actualisation.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("on-account-fine");
        var fine = Positions.Option(5_450, transfers: [Positions.Transfer("1", 4_200), Positions.Transfer("2", 1_250)]);
        fine["actualisationRule"] = "FINE-CDS";
        fine["notificationDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-100)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        fine["paymentOptionMetadata"] = new JsonArray(new JsonObject { ["key"] = "actualisation.X", ["value"] = "17300" });
        var created = await _client.CreateAsync(Positions.Position(iupd,
            fine, Positions.Option(5_000, partial: true, dueInDays: 30), Positions.Option(5_000, partial: true, dueInDays: 60)));
        // Actualisation follows the position's events, as on the platform (here on its own vhost: relayed).
        await actualisationBus.PublishAsync(await changes.WaitForAsync(c => c.Position.Iupd == iupd));
        // Past day 60 (RULES.md §3.7): half the maximum 86.50 + one semester's 10% 8.65 + 12.50 € costs = 107.65 €.
        Assert.Equal(10_765, await AmountTodayAsync(iupd, "VALID", created.Iuv(0)));

        // The receipt paid more than the instalment's printed 50.00 € (its own interest): the receipt's amount is on account.
        await bus.PublishAsync(new PaymentRecorded(DebtPositionsApp.Ec, created.Iuv(1), "3" + created.Iuv(1), "rcpt-" + iupd, 5_150,
            DateTimeOffset.UtcNow, "PSPTEST01", false, [new PaidTransfer(1, DebtPositionsApp.Ec, 5_150, Positions.Iban, "9/0101108TS/")],
            DateTimeOffset.UtcNow));
        await actualisationBus.PublishAsync(await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.PartiallyPaid));

        Assert.Equal(10_765 - 5_150, await AmountTodayAsync(iupd, "PARTIALLY_PAID", created.Iuv(0)));
        Assert.Equal(5_450, (await _client.ReadAsync(iupd)).GetProperty("paymentOption")[0].GetProperty("amount").GetInt64());
    }

    // The amount Actualisation's stored schedule of iuv asks on today's Rome day, once Actualisation has taken the
    // position in status (the schedules are saved with it).
    private async Task<long?> AmountTodayAsync(string iupd, string status, string iuv)
    {
        await Eventually.TrueAsync(async () => await app.Actualisation.Database.ScalarAsync<string>(
            $"SELECT status FROM actualisation.positions WHERE iupd = '{iupd}'") == status, Wait, $"Actualisation took {iupd} {status}");
        using var actualisation = app.Actualisation.CreateClient();
        var schedule = await actualisation.GetFromJsonAsync<JsonElement>($"/api/actualisation/organizations/{DebtPositionsApp.Ec}/notices/{iuv}/schedule");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);
        return schedule.GetProperty("steps").EnumerateArray()
            .Where(s => Day(s, "validFrom") is not { } from || from <= today)
            .Where(s => Day(s, "validUntil") is not { } until || today <= until)
            .Select(s => (long?)s.GetProperty("amountCents").GetInt64()).FirstOrDefault();
    }

    private static DateOnly? Day(JsonElement step, string name) =>
        step.TryGetProperty(name, out var day) && day.ValueKind == JsonValueKind.String
            ? DateOnly.Parse(day.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
