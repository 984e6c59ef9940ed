using System.Text;
using Contracts.NodeAdapter;
using MassTransit;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class DemandServiceDataTests(DemandApp app) : IClassFixture<DemandApp>
{
    private const string GeneralData = """
        <service xmlns="http://PuntoAccessoPSP.spcoop.gov.it/GeneralService"><amount>100.00</amount><description>donation</description></service>
        """;

    [Fact]
    public async Task Service_data_with_a_character_XML_forbids_is_PAA_SINTASSI_XSD_not_an_HTTP_error()
    {
        var answer = await Soap.PostAsync(app.CreateClient(), "paDemandPaymentNotice",
            Demand(GeneralData.Replace("donation", "dona\u0001tion", StringComparison.Ordinal)));

        Soap.AssertFault(answer, Faults.SyntaxXsd);
        Assert.Contains("datiSpecificiServizioRequest", answer.FaultDescription);
    }

    [Fact]
    public async Task A_created_notice_whose_amount_stAmount_cannot_express_is_PAA_SEMANTICA_not_an_invalid_answer()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await bus.ConnectEndpointAsync("fake-debt-positions-huge", e => e.Handler<CreateSpontaneousPosition>(async context =>
        {
            var iuv = Positions.NewIuv();
            var position = Positions.Changed("SPONT-" + iuv, 1, "VALID", Positions.Option(iuv, SoapText.MaxAmountCents + 1)).Position;
            await context.RespondAsync(new SpontaneousPositionCreated(context.Message.RequestId, position, iuv, DateTimeOffset.UtcNow));
        }));

        var answer = await Soap.PostAsync(app.CreateClient(), "paDemandPaymentNotice", Demand(GeneralData));

        Soap.AssertFault(answer, Faults.Semantics);
        Assert.Contains("amount", answer.FaultDescription);
    }

    private static string Demand(string data) => Soap.Envelope($"""
        <pafn:paDemandPaymentNoticeRequest>
          <idPA>{NodeAdapterApp.Organization}</idPA><idBrokerPA>{NodeAdapterApp.BrokerId}</idBrokerPA><idStation>{NodeAdapterApp.StationId}</idStation>
          <idServizio>{DemandApp.GeneralService}</idServizio><idSoggettoServizio>00001</idSoggettoServizio>
          <datiSpecificiServizioRequest>{Convert.ToBase64String(Encoding.UTF8.GetBytes(data))}</datiSpecificiServizioRequest>
        </pafn:paDemandPaymentNoticeRequest>
        """);
}
