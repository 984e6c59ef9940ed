using NodeAdapter.Station;
using Contracts.NodeAdapter;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// A notice whose position was cancelled for coercive re-issue (docs/coercive.md): refused from then on, but a receipt
// for a payment the PSP had already taken is never refused (the money is gone from the payer).
public sealed class CancelledNoticeTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Fact]
    public async Task A_notice_activated_before_its_position_was_cancelled_is_then_answered_annulled_yet_its_late_receipt_is_accepted_and_flagged()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var iuv = Positions.NewIuv();
        var nav = Positions.Nav(iuv);
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 4_200));
        Assert.Equal("OK", (await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(nav, v2: true))).Outcome);

        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 2, "INVALID", Positions.Option(iuv, 4_200)));

        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(nav)), Faults.PaymentCancelled);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(nav, v2: true)), Faults.PaymentCancelled);
        var late = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-late-" + iuv, iuv, 4_200));
        Assert.Equal("OK", late.Outcome);
        Assert.Null(late.Body.Element("fault"));
        var receipt = await published.WaitForAsync(r => r.ReceiptId == "rcpt-late-" + iuv);
        Assert.Equal((iuv, 4_200L), (receipt.Iuv, receipt.AmountCents));
        Assert.Contains("notice-cancelled", receipt.Anomaly);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM node_adapter.receipt_log WHERE receipt_id = 'rcpt-late-{iuv}' AND outcome = 'OK'"));
    }
}
