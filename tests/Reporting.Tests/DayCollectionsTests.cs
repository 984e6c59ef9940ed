using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Receipts;
using Testing;
using Xunit;

namespace Reporting.Tests;

// The read model of the money collected per Italian day (ADR 0093) against the reconciliation view it replaces on the
// home.
[Collection(ReportingCollection.Name)]
public sealed class DayCollectionsTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Ec = "70000000093";

    [Fact]
    public async Task The_collections_read_model_equals_the_day_summaries_over_redelivered_payments_across_Rome_day_boundaries()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var random = new Random(93);
        // Around midnight in Rome, in winter (UTC+1), on the night summer time starts (29 March) and in summer (UTC+2).
        DateTimeOffset[] midnights = [new(2026, 11, 18, 23, 0, 0, TimeSpan.Zero), new(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero)];
        var waits = new List<(Guid Id, int Count)>();
        for (var i = 0; i < 60; i++)
        {
            var paidAt = midnights[i % midnights.Length].AddMinutes(random.Next(-150, 150));
            var transfers = Enumerable.Range(1, 1 + random.Next(3)).Select(t => (t, (long)random.Next(100, 50_000))).ToArray();
            var payment = Payment($"0930000000000{i:0000}", $"r-dc-{i}", paidAt, transfers);
            var id = Guid.NewGuid();
            await bus.PublishAsync(payment, id);
            var copies = i % 5 == 0 ? 2 : 1;
            if (i % 5 == 0) await bus.PublishAsync(payment, id); // redelivered: the same message again
            waits.Add((id, copies));
            if (i % 7 == 0) { var again = Guid.NewGuid(); await bus.PublishAsync(payment, again); waits.Add((again, 1)); } // the same payment, another message
        }
        foreach (var (id, count) in waits) await app.Deliveries.OfAsync(id, count);
        Assert.All(app.Deliveries.Done.Where(d => waits.Any(w => w.Id == d.MessageId)), d => Assert.Null(d.Fault));

        var client = app.CreateClient();
        var query = $"from=2026-03-01&to=2026-12-31";
        var days = await client.GetFromJsonAsync<JsonElement[]>($"/api/reporting/organizations/{Ec}/reconciliation/days?{query}");
        var collections = await client.GetFromJsonAsync<JsonElement[]>($"/api/reporting/organizations/{Ec}/reconciliation/collections?{query}");

        var expected = days!.Where(d => d.GetProperty("collectedTransfers").GetInt64() > 0)
            .Select(d => (d.GetProperty("day").GetString(), d.GetProperty("collectedCents").GetInt64(), d.GetProperty("collectedTransfers").GetInt64())).ToList();
        var actual = collections!.Select(d => (d.GetProperty("day").GetString(), d.GetProperty("collectedCents").GetInt64(), d.GetProperty("collectedTransfers").GetInt64())).ToList();
        Assert.Equal(expected, actual);
        // The boundaries were crossed: each of the three nights has payments on both of its Italian days.
        // The migration fills the read model from the paid transfers stored before it with this same rule.
        var backfill = await app.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM (SELECT (payment_date_time AT TIME ZONE 'Europe/Rome')::date AS day, count(*) AS transfers, sum(amount_cents) AS cents
                                  FROM reporting.paid_transfers WHERE organization_fiscal_code = '{Ec}' GROUP BY 1) b
            FULL JOIN (SELECT * FROM reporting.day_collections WHERE organization_fiscal_code = '{Ec}') d USING (day, transfers, cents)
            WHERE b.day IS NULL OR d.day IS NULL
            """);
        Assert.Equal(0, backfill);
        Assert.Equal(["2026-03-28", "2026-03-29", "2026-07-14", "2026-07-15", "2026-11-18", "2026-11-19"], actual.Select(d => d.Item1!).ToArray());
    }

    [Fact]
    public async Task The_collections_refuse_a_reversed_or_too_long_period_with_a_problem()
    {
        var client = app.CreateClient();
        var reversed = await client.GetAsync($"/api/reporting/organizations/{Ec}/reconciliation/collections?from=2026-03-02&to=2026-03-01");
        var tooLong = await client.GetAsync($"/api/reporting/organizations/{Ec}/reconciliation/collections?from=2025-01-01&to=2026-03-01");
        Assert.Equal((400, 400), ((int)reversed.StatusCode, (int)tooLong.StatusCode));
        Assert.Contains("\"to\"", await reversed.Content.ReadAsStringAsync());
    }

    private static PaymentRecorded Payment(string iuv, string receiptId, DateTimeOffset paidAt, (int Id, long Cents)[] transfers) => new(
        Ec, iuv, "3" + iuv, receiptId, transfers.Sum(t => t.Cents), paidAt, "PSPSIM01", false,
        transfers.Select(t => new Contracts.Receipts.PaidTransfer(t.Id, Ec, t.Cents, "IT60X0542811101000000123456", "9/0101108TS/")).ToList(),
        DateTimeOffset.UtcNow);
}
