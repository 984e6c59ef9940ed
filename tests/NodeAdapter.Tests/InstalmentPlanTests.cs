using NodeAdapter.Station;
using Contracts.DebtPositions;
using Contracts.NodeAdapter;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// A position with a single payment of 100.00 and, as its alternative, a plan of two instalments of 50.00
// (partial=true): paying either way settles the debt, so the other way must stop being payable (NOTES §4).
public sealed class InstalmentPlanTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Fact]
    public async Task Once_an_instalment_is_paid_the_single_payment_is_refused_as_already_paid_and_the_other_instalment_stays_payable()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (single, first, second) = await PlanAsync(client, bus, "VALID");

        Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-inst-" + first, first, 5_000))).Outcome);

        // DebtPositions has not caught up (the position is still VALID): the station's own receipt log decides.
        await AssertRefusedAsPaidAsync(client, single);
        await AssertRefusedAsPaidAsync(client, first);
        Assert.Equal("50.00", (await VerifyAsync(client, second)).Value("paymentList", "paymentOptionDescription", "amount"));
    }

    [Fact]
    public async Task Once_the_single_payment_is_paid_every_instalment_of_the_plan_is_refused_as_already_paid()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (single, first, second) = await PlanAsync(client, bus, "VALID");

        Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-single-" + single, single, 10_000))).Outcome);

        await AssertRefusedAsPaidAsync(client, first);
        await AssertRefusedAsPaidAsync(client, second);
    }

    [Fact]
    public async Task A_partially_paid_position_refuses_its_single_payment_and_keeps_its_unpaid_instalment_payable()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        // What DebtPositions publishes after the first instalment's payment was recorded (no receipt in this station's log).
        var (single, first, second) = await PlanAsync(client, bus, "PARTIALLY_PAID", firstStatus: "PO_PAID");

        await AssertRefusedAsPaidAsync(client, single);
        await AssertRefusedAsPaidAsync(client, first);
        Assert.Equal("OK", (await VerifyAsync(client, second)).Outcome);
    }

    [Fact]
    public async Task A_single_payment_receipt_arriving_after_an_instalment_was_paid_is_stored_published_and_flagged_as_a_double_payment()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var (single, first, _) = await PlanAsync(client, bus, "VALID");

        // Both payments were taken (the single one verified before the instalment's receipt arrived): the money is in.
        Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-inst-" + first, first, 5_000))).Outcome);
        Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-single-" + single, single, 10_000))).Outcome);

        Assert.Null((await published.WaitForAsync(r => r.ReceiptId == "rcpt-inst-" + first)).Anomaly);
        Assert.Contains("double-payment", (await published.WaitForAsync(r => r.ReceiptId == "rcpt-single-" + single)).Anomaly);
    }

    private static async Task<(string Single, string First, string Second)> PlanAsync(HttpClient client, TestBus bus, string status,
        string firstStatus = "PO_UNPAID")
    {
        var (single, first, second) = (Positions.NewIuv(), Positions.NewIuv(), Positions.NewIuv());
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + single, 1, status,
            Positions.Option(single, 10_000),
            Positions.Option(first, 5_000, partial: true, status: firstStatus),
            Positions.Option(second, 5_000, partial: true)));
        return (single, first, second);
    }

    private static Task<SoapAnswer> VerifyAsync(HttpClient client, string iuv) =>
        Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));

    private static async Task AssertRefusedAsPaidAsync(HttpClient client, string iuv)
    {
        Soap.AssertFault(await VerifyAsync(client, iuv), Faults.PaymentDuplicated);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(Positions.Nav(iuv), v2: true)), Faults.PaymentDuplicated);
    }
}
