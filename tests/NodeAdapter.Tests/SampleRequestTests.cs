using Contracts.NodeAdapter;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// Every request sample of the shared specs gets the answer the specification requires.
public sealed class SampleRequestTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Fact]
    public async Task GPD_perf_test_verify_with_values_padded_in_newlines_is_answered_OK()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await ReadModel.PublishAsync(client, bus, Positions.Valid("47164993070184562", 3_000));

        var answer = await Soap.PostAsync(client, "paVerifyPaymentNotice", SampleRequests.Load("paVerifyPaymentNotice.gpd-perf-test.xml"));

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal("30.00", answer.Value("paymentList", "paymentOptionDescription", "amount"));
    }

    [Fact]
    public async Task GPD_builders_with_a_default_namespace_and_xmlns_empty_children_get_verify_and_get_payment_answers()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 4_500));

        var verify = await Soap.PostAsync(client, "paVerifyPaymentNotice", SampleRequests.Load("paVerifyPaymentNotice.gpd-request-builder.xml",
            new Dictionary<string, string> { ["${noticeNumber}"] = Positions.Nav(iuv) }));
        var get = await Soap.PostAsync(client, "paGetPayment", SampleRequests.Load("paGetPayment.gpd-request-builder.xml",
            new Dictionary<string, string> { ["${noticeNumber}"] = iuv, ["${amount}"] = "45.00" }));

        Assert.Equal("45.00", verify.Value("paymentList", "paymentOptionDescription", "amount"));
        Assert.Equal("45.00", get.Value("data", "paymentAmount"));
    }

    [Fact]
    public async Task GovPay_get_payment_indented_with_no_break_spaces_is_answered_OK()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 3_000));
        var request = SampleRequests.Load("paGetPayment.govpay.xml", new Dictionary<string, string> { ["#(numeroAvviso)"] = Positions.Nav(iuv) });
        Assert.Contains('\u00a0', request);

        var answer = await Soap.PostAsync(client, "paGetPayment", request);

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal(iuv, answer.Value("data", "creditorReferenceId"));
    }

    [Fact]
    public async Task GPD_postman_get_payment_V2_is_answered_OK()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await ReadModel.PublishAsync(client, bus, Positions.Valid("63155551414999718", 1_000));

        var answer = await Soap.PostAsync(client, "paGetPaymentV2", SampleRequests.Load("paGetPaymentV2.gpd-postman.xml"));

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal("10.00", answer.Value("data", "paymentAmount"));
    }

    [Fact]
    public async Task Receipt_samples_V1_labelled_V2_the_GPD_builder_and_a_bare_V2_body_are_all_stored_and_published()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var published = await bus.ObserveAsync<ReceiptReceived>();
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 9_000));

        // Postman's "paSendRTV2" item carries a V1 body: the body element decides.
        var unknown = Positions.NewIuv();
        var v1 = await Soap.PostAsync(client, "paSendRTV2", SampleRequests.Load("paSendRT.gpd-postman.xml",
            new Dictionary<string, string> { ["363155551414999718"] = Positions.Nav(unknown), ["63155551414999718"] = unknown }));
        var builder = await Soap.PostAsync(client, "paSendRT", SampleRequests.Load("paSendRT.gpd-request-builder.xml",
            SampleRequests.SendRtValues("rcpt-builder-" + iuv, iuv, 9_000)));
        var bare = SampleRequests.Load("paSendRTV2.p4pa-receipt-valid.xml");
        var v2 = await Soap.PostAsync(client, "paSendRTV2", Soap.Envelope(bare));

        Assert.Equal("paSendRTRes", v1.Body.Name.LocalName);
        Assert.All(new[] { v1, builder, v2 }, a => Assert.Equal("OK", a.Outcome));
        var fromPostman = await published.WaitForAsync(r => r.ReceiptId == "725d128ec27911edafa10242ac120002");
        Assert.Equal("V1", fromPostman.SoapVersion);
        Assert.Equal(3_000, fromPostman.AmountCents);
        Assert.Contains("unknown-notice", fromPostman.Anomaly);
        var fromBuilder = await published.WaitForAsync(r => r.ReceiptId == "rcpt-builder-" + iuv);
        Assert.Null(fromBuilder.Anomaly);
        Assert.Equal([3_000L, 6_000L], fromBuilder.Transfers.Select(t => t.AmountCents));
        var fromP4pa = await published.WaitForAsync(r => r.ReceiptId == "c110729d258c4ab1b765fe902aae41d6");
        Assert.Equal("V2", fromP4pa.SoapVersion);
        Assert.False(fromP4pa.StandIn);
        Assert.Equal(new DateTimeOffset(2021, 10, 1, 17, 48, 22, TimeSpan.FromHours(2)), fromP4pa.PaymentDateTime);
    }

    [Fact]
    public async Task GPD_demand_payment_notice_without_idSoggettoServizio_is_PAA_SINTASSI_XSD()
    {
        // The XSD makes idSoggettoServizio mandatory; GPD's own sample omits it (NOTES §6.1). We validate strictly.
        var answer = await Soap.PostAsync(app.CreateClient(), "paDemandPaymentNotice", SampleRequests.Load("paDemandPaymentNotice.gpd-request-builder.xml"));
        Soap.AssertFault(answer, Faults.SyntaxXsd);
        Assert.Contains("idSoggettoServizio", answer.FaultDescription);
    }
}
