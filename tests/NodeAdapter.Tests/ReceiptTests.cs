using NodeAdapter.Station;
using System.Net.Http.Json;
using Contracts.NodeAdapter;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class ReceiptTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Fact]
    public async Task A_receipt_is_stored_answered_OK_and_published_and_the_notice_then_verifies_as_paid()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 12_050));

        var answer = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-ok-" + iuv, iuv, 12_050));

        Assert.Equal("OK", answer.Outcome);
        Assert.Null(answer.Body.Element("fault"));
        var receipt = await published.WaitForAsync(r => r.ReceiptId == "rcpt-ok-" + iuv);
        Assert.Equal((NodeAdapterApp.Organization, iuv, Positions.Nav(iuv), 12_050L, "V2", "PSPTEST01"),
            (receipt.OrganizationFiscalCode, receipt.Iuv, receipt.NoticeNumber, receipt.AmountCents, receipt.SoapVersion, receipt.PspId));
        Assert.Null(receipt.Anomaly);
        Assert.Equal(100, receipt.FeeCents);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.FromHours(1)), receipt.PaymentDateTime);
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.receipt_log WHERE receipt_id = 'rcpt-ok-{iuv}' AND raw_xml LIKE '%<receiptId>rcpt-ok-{iuv}</receiptId>%'"));

        // The read model still says VALID (DebtPositions has not caught up): our own receipt log decides.
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))), Faults.PaymentDuplicated);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(Positions.Nav(iuv), v2: true)), Faults.PaymentDuplicated);
    }

    [Fact]
    public async Task A_duplicate_receipt_is_answered_PAA_RECEIPT_DUPLICATA_and_changes_nothing()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await ReceiptEvent.ObserveAsync(bus);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 5_000));
        var request = Soap.SendRTV2("rcpt-dup-" + iuv, iuv, 5_000);

        Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", request)).Outcome);
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Soap.PostAsync(client, "paSendRTV2", request)));

        Assert.All(again, a => Soap.AssertFault(a, Faults.ReceiptDuplicated));
        await published.SettleAsync(app.Database, "node_adapter"); // every event committed so far has been seen
        Assert.Single(published.Seen, r => r.ReceiptId == "rcpt-dup-" + iuv);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM node_adapter.receipt_log WHERE receipt_id = 'rcpt-dup-{iuv}'"));
    }

    [Fact]
    public async Task Receipts_for_an_unknown_notice_in_stand_in_or_paying_twice_are_kept_published_and_flagged()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var (unknown, known) = (Positions.NewIuv(), Positions.NewIuv());
        await ReadModel.PublishAsync(client, bus, Positions.Valid(known, 10_000));

        var answers = new[]
        {
            await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-unknown-" + unknown, unknown, 1_000)),
            await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-standin-" + known, known, 9_000, standIn: true)),
            await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-second-" + known, known, 10_000)),
        };

        Assert.All(answers, a => Assert.Equal("OK", a.Outcome));
        Assert.Contains("unknown-notice", (await published.WaitForAsync(r => r.ReceiptId == "rcpt-unknown-" + unknown)).Anomaly);
        var standIn = await published.WaitForAsync(r => r.ReceiptId == "rcpt-standin-" + known);
        Assert.True(standIn.StandIn);
        Assert.Contains("stand-in", standIn.Anomaly);
        Assert.Contains("amount-mismatch: due 100.00, paid 90.00", standIn.Anomaly);
        Assert.Contains("double-payment", (await published.WaitForAsync(r => r.ReceiptId == "rcpt-second-" + known)).Anomaly);

        var flagged = await client.GetFromJsonAsync<List<Dictionary<string, object>>>(
            $"/api/node-adapter/organizations/{NodeAdapterApp.Organization}/receipts?anomaly=true");
        Assert.Equal(3, flagged!.Count(r => r["receiptId"].ToString()!.EndsWith(unknown, StringComparison.Ordinal)
                                            || r["receiptId"].ToString()!.EndsWith(known, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_same_receipt_sent_to_each_beneficiary_EC_is_one_delivery_per_EC_and_no_double_payment()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 2_000));

        var primary = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-multi-" + iuv, iuv, 2_000));
        var secondary = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-multi-" + iuv, iuv, 2_000, idPA: NodeAdapterApp.SecondOrganization));

        Assert.Equal(("OK", "OK"), (primary.Outcome, secondary.Outcome));
        var forSecond = await published.WaitForAsync(r => r.ReceiptId == "rcpt-multi-" + iuv && r.OrganizationFiscalCode == NodeAdapterApp.SecondOrganization);
        Assert.Null(forSecond.Anomaly);
    }
}
