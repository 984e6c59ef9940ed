using NodeAdapter.Station;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Contracts.NodeAdapter;
using MassTransit;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class DemandPaymentNoticeTests(DemandApp app) : IClassFixture<DemandApp>
{
    private const string GeneralData = """
        <service xmlns="http://PuntoAccessoPSP.spcoop.gov.it/GeneralService"><amount>100.00</amount><description>donation</description></service>
        """;

    private static string Demand(string serviceId, string data) => Soap.Envelope($"""
        <pafn:paDemandPaymentNoticeRequest>
          <idPA>{NodeAdapterApp.Organization}</idPA><idBrokerPA>{NodeAdapterApp.BrokerId}</idBrokerPA><idStation>{NodeAdapterApp.StationId}</idStation>
          <idServizio>{serviceId}</idServizio><idSoggettoServizio>00001</idSoggettoServizio>
          <datiSpecificiServizioRequest>{Convert.ToBase64String(Encoding.UTF8.GetBytes(data))}</datiSpecificiServizioRequest>
        </pafn:paDemandPaymentNoticeRequest>
        """);

    // Plays DebtPositions: creates a VALID position for the amount in the general-service data.
    private static async Task<List<CreateSpontaneousPosition>> RespondAsDebtPositionsAsync(TestBus bus, bool refuse = false)
    {
        var received = new List<CreateSpontaneousPosition>();
        await bus.ConnectEndpointAsync("fake-debt-positions", e =>
        {
            e.Handler<CreateSpontaneousPosition>(async context =>
            {
                if (context.Message.OrganizationFiscalCode == CreateSpontaneousPosition.WarmUpOrganization)
                {
                    // The station's start-up request (DemandWarmUp), not one of this test's demands.
                    await context.RespondAsync(new SpontaneousPositionRefused(context.Message.RequestId, Faults.Semantics, "warm-up", DateTimeOffset.UtcNow));
                    return;
                }
                lock (received) received.Add(context.Message);
                if (refuse)
                {
                    await context.RespondAsync(new SpontaneousPositionRefused(context.Message.RequestId, Faults.Semantics, "amount above the service limit", DateTimeOffset.UtcNow));
                    return;
                }
                XNamespace gs = "http://PuntoAccessoPSP.spcoop.gov.it/GeneralService";
                var cents = (long)(decimal.Parse(XDocument.Parse(context.Message.ServiceData).Root!.Element(gs + "amount")!.Value, CultureInfo.InvariantCulture) * 100);
                var iuv = Positions.NewIuv();
                var position = Positions.Changed("SPONT-" + iuv, 1, "VALID", Positions.Option(iuv, cents)).Position;
                await context.RespondAsync(new SpontaneousPositionCreated(context.Message.RequestId, position, iuv, DateTimeOffset.UtcNow));
            });
        });
        return received;
    }

    [Fact]
    public async Task A_general_service_demand_creates_the_position_through_DebtPositions_and_its_notice_is_payable_at_once()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var received = await RespondAsDebtPositionsAsync(bus);

        var answer = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(DemandApp.GeneralService, GeneralData));

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal("100.00", answer.Value("paymentList", "paymentOptionDescription", "amount"));
        Assert.Equal(NodeAdapterApp.Organization, answer.Value("qrCode", "fiscalCode"));
        var request = Assert.Single(received);
        Assert.Equal((DemandApp.GeneralService, "00001", NodeAdapterApp.Organization), (request.ServiceId, request.ServiceSubjectId, request.OrganizationFiscalCode));
        var nav = answer.Value("qrCode", "noticeNumber");
        var verify = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(nav));
        Assert.Equal("100.00", verify.Value("paymentList", "paymentOptionDescription", "amount"));
    }

    [Theory]
    [InlineData(DemandApp.CarTax, "<tassaAuto xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/TassaAuto\"><veicoloConTarga><tipoVeicoloTarga>1</tipoVeicoloTarga><veicoloTarga>AB1</veicoloTarga></veicoloConTarga></tassaAuto>", "veicoloTarga")]
    [InlineData(DemandApp.CarTax, GeneralData, "is not the one of service")]
    [InlineData(DemandApp.GeneralService, "<service>not namespaced</service>", "is not the one of service")]
    [InlineData(DemandApp.GeneralService, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\">&e;</service>", "not well-formed")]
    public async Task Service_data_that_does_not_match_the_service_XSD_is_PAA_SINTASSI_XSD(string serviceId, string data, string reason)
    {
        var answer = await Soap.PostAsync(app.CreateClient(), "paDemandPaymentNotice", Demand(serviceId, data));
        Soap.AssertFault(answer, Faults.SyntaxXsd);
        Assert.Contains(reason, answer.FaultDescription);
    }

    [Fact]
    public async Task A_valid_car_tax_demand_is_forwarded_and_a_refusal_by_DebtPositions_is_answered_with_its_fault()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var received = await RespondAsDebtPositionsAsync(bus, refuse: true);
        var data = "<tassaAuto xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/TassaAuto\"><veicoloConTarga><tipoVeicoloTarga>1</tipoVeicoloTarga><veicoloTarga>AB123CD</veicoloTarga></veicoloConTarga></tassaAuto>";

        var answer = await Soap.PostAsync(app.CreateClient(), "paDemandPaymentNotice", Demand(DemandApp.CarTax, data));

        Soap.AssertFault(answer, Faults.Semantics);
        Assert.Equal("amount above the service limit", answer.FaultDescription);
        Assert.Contains("AB123CD", Assert.Single(received).ServiceData);
    }

    [Fact]
    public async Task An_unknown_service_is_PAA_SEMANTICA_and_no_answer_from_DebtPositions_is_PAA_SYSTEM_ERROR_at_the_configured_deadline()
    {
        var client = app.CreateClient();
        Soap.AssertFault(await Soap.PostAsync(client, "paDemandPaymentNotice", Demand("99999", GeneralData)), Faults.Semantics);

        var answer = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(DemandApp.GeneralService, GeneralData));
        Soap.AssertFault(answer, Faults.SystemError);
        // The fault comes from the station's own deadline (Station:DemandTimeout, 2 s here), not from a dropped request;
        // how long the whole answer takes is a benchmark's figure, not a test's.
        Assert.Equal("the debt position could not be created within 2 s; retry", answer.FaultDescription);
    }
}
