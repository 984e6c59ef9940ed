using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Contracts.Receipts;
using Contracts.Reporting;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Receipts move v3 positions: instalments one by one, alternatives (a single payment or a plan, two plans).
public sealed class V3PaymentTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_plan_of_three_installments_paid_one_by_one_is_PARTIALLY_PAID_then_PAID_and_the_single_option_becomes_UNPAYABLE()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("v3-plan");
        var created = await _client.CreateV3Async(PositionsV3.Position(iupd,
            PositionsV3.Option(null, PositionsV3.Installment(30_000, 20)),
            PositionsV3.Option(null, PositionsV3.Installment(10_000, 30), PositionsV3.Installment(10_000, 60), PositionsV3.Installment(10_000, 90))));
        var paidAt = DateTimeOffset.UtcNow.AddMinutes(-5);

        for (var k = 0; k < 3; k++)
        {
            await bus.PublishAsync(Payment(created.Iuv(1, k), $"rcpt-{iupd}-{k}", 10_000, paidAt));
            var expected = k < 2 ? "PARTIALLY_PAID" : "PAID";
            var change = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Cause == $"receipt:rcpt-{iupd}-{k}");
            Assert.Equal(expected, change.Position.Status);
            var v3 = await _client.ReadV3Async(iupd);
            Assert.Equal(expected, v3.Status());
            Assert.Equal(Enumerable.Range(0, 3).Select(i => i <= k ? "PAID" : "UNPAID"),
                v3.Installments(1).EnumerateArray().Select(i => i.GetProperty("status").GetString()));
            Assert.Equal(k < 2 ? "UNPAID" : "UNPAYABLE", v3.Installments(0)[0].GetProperty("status").GetString());
        }
        var paid = await _client.ReadV3Async(iupd);
        Assert.Equal($"rcpt-{iupd}-2", paid.Installments(1)[2].GetProperty("idReceipt").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await _client.PutAsJsonAsync($"{PositionsV3.Base}/{iupd}", PositionsV3.Position(iupd))).StatusCode);

        // payment_date_time_* are Italian local times without an offset (GPD's yyyy-MM-ddTHH:mm:ss).
        var local = TimeZoneInfo.ConvertTime(paidAt, Rome).DateTime;
        Assert.Contains(iupd, await PaidBetween(local.AddMinutes(-1), local.AddMinutes(1)));
        Assert.DoesNotContain(iupd, await PaidBetween(local.AddMinutes(1), local.AddMinutes(2)));
        var paidList = await _client.GetFromJsonAsync<JsonElement>($"{PositionsV3.Base}?status=PAID&limit=50");
        Assert.Contains(paidList.GetProperty("payment_position_list").EnumerateArray(), p => p.GetProperty("iupd").GetString() == iupd);
    }

    [Fact]
    public async Task Two_plans_are_alternatives_the_first_one_completed_settles_the_position()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iupd = Positions.Unique("v3-2plans");
        var created = await _client.CreateV3Async(PositionsV3.Position(iupd,
            PositionsV3.Option(null, PositionsV3.Installment(6_000, 30), PositionsV3.Installment(6_000, 60)),
            PositionsV3.Option(null, PositionsV3.Installment(4_000, 30), PositionsV3.Installment(4_000, 60), PositionsV3.Installment(4_000, 90))));

        await bus.PublishAsync(Payment(created.Iuv(1, 0), $"rcpt-{iupd}-b0", 4_000, DateTimeOffset.UtcNow));
        await bus.PublishAsync(Payment(created.Iuv(0, 0), $"rcpt-{iupd}-a0", 6_000, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _client.ReadV3Async(iupd)).Installments(0)[0].GetProperty("status").GetString() == "PAID"
            && (await _client.ReadV3Async(iupd)).Installments(1)[0].GetProperty("status").GetString() == "PAID", TimeSpan.FromSeconds(20), "one instalment of each plan");
        Assert.Equal("PARTIALLY_PAID", (await _client.ReadV3Async(iupd)).Status());

        await bus.PublishAsync(Payment(created.Iuv(0, 1), $"rcpt-{iupd}-a1", 6_000, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _client.ReadV3Async(iupd)).Status() == "PAID", TimeSpan.FromSeconds(20), "plan A complete");
        var v3 = await _client.ReadV3Async(iupd);
        Assert.Equal(["PAID", "UNPAYABLE", "UNPAYABLE"], v3.Installments(1).EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("PAID", (await _client.ReadAsync(iupd)).Status());
    }

    [Fact]
    public async Task A_reported_position_is_PAID_in_v3_with_its_installment_REPORTED_whichever_of_receipt_and_flow_lands_first()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        // Receipt and flow published together, for several positions: the two consumers race on each one.
        var iupds = Enumerable.Range(0, 6).Select(i => Positions.Unique($"v3-rep{i}")).ToList();
        var iuvs = new List<string>();
        foreach (var iupd in iupds) iuvs.Add((await _client.CreateV3Async(PositionsV3.Position(iupd))).Iuv(0, 0));

        await Task.WhenAll(iupds.Select((iupd, i) => Task.WhenAll(
            bus.PublishAsync(Payment(iuvs[i], $"rcpt-{iupd}", 12_050, DateTimeOffset.UtcNow)),
            bus.PublishAsync(new TransfersReconciled(DebtPositionsApp.Ec, "2026-11-22PSPTEST01-0002",
                [new ReconciledTransfer(iuvs[i], $"rcpt-{iupd}", 1, 12_050, new DateOnly(2026, 11, 22))], DateTimeOffset.UtcNow)))));

        foreach (var iupd in iupds)
        {
            await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "REPORTED", TimeSpan.FromSeconds(20), $"{iupd} reported");
            var v3 = await _client.ReadV3Async(iupd);
            Assert.Equal("PAID", v3.Status());
            Assert.Equal("REPORTED", v3.Installments(0)[0].GetProperty("status").GetString());
            Assert.Equal("T_REPORTED", v3.Installments(0)[0].GetProperty("transfer")[0].GetProperty("status").GetString());
            Assert.Equal("2026-11-22PSPTEST01-0002", v3.Installments(0)[0].GetProperty("idFlowReporting").GetString());
        }
    }

    private async Task<List<string?>> PaidBetween(DateTime from, DateTime to)
    {
        var format = "yyyy-MM-ddTHH:mm:ss";
        var list = await _client.GetFromJsonAsync<JsonElement>(
            $"{PositionsV3.Base}?limit=50&payment_date_time_from={from.ToString(format, CultureInfo.InvariantCulture)}&payment_date_time_to={to.ToString(format, CultureInfo.InvariantCulture)}");
        return list.GetProperty("payment_position_list").EnumerateArray().Select(p => p.GetProperty("iupd").GetString()).ToList();
    }

    private static PaymentRecorded Payment(string iuv, string receiptId, long amount, DateTimeOffset paidAt) => new(
        DebtPositionsApp.Ec, iuv, "3" + iuv, receiptId, amount, paidAt, "PSPTEST01", false,
        [new PaidTransfer(1, DebtPositionsApp.Ec, amount, Positions.Iban, "9/0101108TS/")], DateTimeOffset.UtcNow);
}
