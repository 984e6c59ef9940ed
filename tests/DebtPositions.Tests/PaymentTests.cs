using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using Contracts.Receipts;
using Contracts.Reporting;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Receipts and reporting flows move positions, over the real broker, in any order, idempotently.
public sealed class PaymentTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_payment_makes_the_position_PAID_publishes_it_and_a_redelivery_changes_nothing()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await DebtPositionEvents.ChangesAsync(bus);
        var iupd = Positions.Unique("pay");
        var created = await _client.CreateAsync(Positions.Position(iupd));
        var (messageId, sameReceiptNewId) = (Guid.NewGuid(), Guid.NewGuid());

        // Two copies at once (they may race to the inbox), then the payment's effect is fixed and fingerprinted.
        await bus.PublishAsync(Payment(created.Iuv(), "rcpt-1", 12_050), messageId);
        await bus.PublishAsync(Payment(created.Iuv(), "rcpt-1", 12_050), messageId);
        var queue = (await app.Deliveries.OfAsync(messageId, 2))[0].Queue;
        await changes.SettleAsync(app.Database);
        var paid = Assert.Single(changes.Of(iupd), c => c.Change == DebtPositionChanges.Paid);
        Assert.Equal(("PAID", "PO_PAID", "receipt:rcpt-1"), (paid.Position.Status, paid.Position.Options[0].Status, paid.Cause));
        var afterPayment = await PositionRows.FingerprintAsync(app.Database, iupd);

        // A later redelivery of the same message, and the same receipt under a new message id.
        await bus.PublishAsync(Payment(created.Iuv(), "rcpt-1", 12_050), messageId);
        await bus.PublishAsync(Payment(created.Iuv(), "rcpt-1", 12_050), sameReceiptNewId);
        await app.Deliveries.OfAsync(messageId, 3);
        await app.Deliveries.OfAsync(sameReceiptNewId);
        await changes.SettleAsync(app.Database);

        Assert.Equal(afterPayment, await PositionRows.FingerprintAsync(app.Database, iupd));
        Assert.Equal([DebtPositionChanges.Published, DebtPositionChanges.Paid], changes.Of(iupd).Select(c => c.Change));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.inbox_messages WHERE message_id = '{messageId}' AND consumer = '{queue}'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.inbox_messages WHERE message_id = '{sameReceiptNewId}' AND consumer = '{queue}'"));
        Assert.All(app.Deliveries.Done.Where(d => d.MessageId == messageId || d.MessageId == sameReceiptNewId), d => Assert.Null(d.Fault));
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, queue);
        var position = await _client.ReadAsync(iupd);
        Assert.Equal(paid.Position.Version, position.GetProperty("version").GetInt64());
        Assert.Equal("rcpt-1", position.GetProperty("paymentOption")[0].GetProperty("idReceipt").GetString());
    }

    [Fact]
    public async Task Instalments_make_the_position_PARTIALLY_PAID_until_the_last_one_is_paid()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iupd = Positions.Unique("plan");
        var created = await _client.CreateAsync(Positions.Position(iupd,
            Positions.Option(5_000, partial: true, dueInDays: 30), Positions.Option(5_000, partial: true, dueInDays: 60)));

        await bus.PublishAsync(Payment(created.Iuv(0), "rcpt-plan-1", 5_000));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PARTIALLY_PAID", TimeSpan.FromSeconds(20), "first instalment");
        await bus.PublishAsync(Payment(created.Iuv(1), "rcpt-plan-2", 5_000));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PAID", TimeSpan.FromSeconds(20), "second instalment");
    }

    [Fact]
    public async Task A_notice_keeps_what_its_receipt_paid_and_a_paid_instalment_is_paid_on_account_of_the_single_payment_alternative()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await DebtPositionEvents.ChangesAsync(bus);
        var iupd = Positions.Unique("on-account");
        var single = Positions.Option(12_000);
        single["actualisationRule"] = "INTEREST";
        single["paymentOptionMetadata"] = new JsonArray(new JsonObject { ["key"] = "actualisation.paid", ["value"] = "500" });
        var created = await _client.CreateAsync(Positions.Position(iupd,
            single, Positions.Option(6_000, partial: true, dueInDays: 30), Positions.Option(6_000, partial: true, dueInDays: 60)));

        // The first instalment's amount followed its rule: the receipt paid more than the printed 60.00 €.
        await bus.PublishAsync(Payment(created.Iuv(1), "rcpt-on-account", 6_150));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PARTIALLY_PAID", TimeSpan.FromSeconds(20), "first instalment");
        await changes.SettleAsync(app.Database);

        var options = (await _client.ReadAsync(iupd)).GetProperty("paymentOption");
        Assert.Equal((6_000, 6_150), (options[1].GetProperty("amount").GetInt64(), options[1].GetProperty("amountPaid").GetInt64()));
        Assert.True(!options[0].TryGetProperty("amountPaid", out var unpaid) || unpaid.ValueKind == JsonValueKind.Null, "an unpaid notice has paid nothing");
        // What the EC recorded stays as it gave it; the instalment is added in each snapshot, so nothing counts twice.
        Assert.Equal("500", options[0].GetProperty("paymentOptionMetadata")[0].GetProperty("value").GetString());
        var partially = Assert.Single(changes.Of(iupd), c => c.Change == DebtPositionChanges.PartiallyPaid).Position;
        Assert.Equal("6650", partially.Options.Single(o => o.Iuv == created.Iuv(0)).Metadata["actualisation.paid"]);
        Assert.False(partially.Options.Single(o => o.Iuv == created.Iuv(2)).Metadata.ContainsKey("actualisation.paid"), "the other instalment owes its own capital");
    }

    [Fact]
    public async Task Jointly_liable_debtors_paying_one_notice_settles_the_position_and_the_history_says_why()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("joint");
        var driver = Positions.Option(10_000);
        driver["debtor"] = new JsonObject { ["type"] = "F", ["fiscalCode"] = "RSSMRA80A01H501U", ["fullName"] = "Mario Rossi (driver)" };
        var owner = Positions.Option(10_000);
        owner["debtor"] = new JsonObject { ["type"] = "G", ["fiscalCode"] = "15376371009", ["fullName"] = "Autonoleggio Srl (owner)" };
        var created = await _client.CreateAsync(Positions.Position(iupd, driver, owner));

        await bus.PublishAsync(Payment(created.Iuv(1), "rcpt-owner", 10_000));

        var paid = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Paid);
        Assert.Equal("PO_UNPAID", paid.Position.Options[0].Status);
        Assert.Equal("15376371009", paid.Position.Options[1].Debtor!.FiscalCode);
        var history = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}/{iupd}/history");
        var last = history[history.GetArrayLength() - 1];
        Assert.Equal("receipt:rcpt-owner", last.GetProperty("cause").GetString());
        var detail = last.GetProperty("detail").GetString();
        Assert.Contains($"notice {created.GetProperty("paymentOption")[1].GetProperty("nav").GetString()} paid", detail, StringComparison.Ordinal);
        Assert.Contains($"{created.GetProperty("paymentOption")[0].GetProperty("nav").GetString()} no longer payable", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reconciled_transfers_make_a_paid_position_REPORTED_whichever_event_comes_first(bool reportFirst)
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("report");
        var created = await _client.CreateAsync(Positions.Position(iupd,
            Positions.Option(3_000, transfers: [Positions.Transfer("1", 2_000), Positions.Transfer("2", 1_000)])));
        var iuv = created.Iuv();
        var receipt = $"rcpt-{iupd}";
        var flow = new TransfersReconciled(DebtPositionsApp.Ec, "2026-11-22PSPTEST01-0001",
            [new ReconciledTransfer(iuv, receipt, 1, 2_000, new DateOnly(2026, 11, 22)), new ReconciledTransfer(iuv, receipt, 2, 1_000, new DateOnly(2026, 11, 22))],
            DateTimeOffset.UtcNow);

        if (reportFirst)
        {
            await bus.PublishAsync(flow);
            await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM debt_positions.reported_transfers WHERE iuv = '{iuv}'") == 2, TimeSpan.FromSeconds(20), "reports recorded");
            Assert.Equal("VALID", (await _client.ReadAsync(iupd)).Status());
            await bus.PublishAsync(Payment(iuv, receipt, 3_000));
        }
        else
        {
            await bus.PublishAsync(Payment(iuv, receipt, 3_000));
            await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PAID", TimeSpan.FromSeconds(20), "paid");
            await bus.PublishAsync(flow);
        }

        var reported = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Position.Status == "REPORTED");
        Assert.Equal("PO_REPORTED", reported.Position.Options[0].Status);
        var position = await _client.ReadAsync(iupd);
        Assert.All(position.GetProperty("paymentOption")[0].GetProperty("transfer").EnumerateArray(),
            t => Assert.Equal("T_REPORTED", t.GetProperty("status").GetString()));
        Assert.Equal("2026-11-22PSPTEST01-0001", position.GetProperty("paymentOption")[0].GetProperty("idFlowReporting").GetString());
    }

    private static PaymentRecorded Payment(string iuv, string receiptId, long amount) => new(
        DebtPositionsApp.Ec, iuv, "3" + iuv, receiptId, amount, DateTimeOffset.UtcNow, "PSPTEST01", false,
        [new PaidTransfer(1, DebtPositionsApp.Ec, amount, Positions.Iban, "9/0101108TS/")], DateTimeOffset.UtcNow);
}
