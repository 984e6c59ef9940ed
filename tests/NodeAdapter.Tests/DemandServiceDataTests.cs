using System.Text;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class DemandServiceDataTests(DemandApp app) : IClassFixture<DemandApp>
{
    [Fact]
    public async Task Service_data_with_a_character_XML_forbids_is_PAA_SINTASSI_XSD_not_an_HTTP_error()
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes("<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\">\u0001</service>"));

        var answer = await Soap.PostAsync(app.CreateClient(), "paDemandPaymentNotice", Soap.Envelope($"""
            <pafn:paDemandPaymentNoticeRequest>
              <idPA>{NodeAdapterApp.Organization}</idPA><idBrokerPA>{NodeAdapterApp.BrokerId}</idBrokerPA><idStation>{NodeAdapterApp.StationId}</idStation>
              <idServizio>{DemandApp.GeneralService}</idServizio><idSoggettoServizio>00001</idSoggettoServizio>
              <datiSpecificiServizioRequest>{data}</datiSpecificiServizioRequest>
            </pafn:paDemandPaymentNoticeRequest>
            """));

        Soap.AssertFault(answer, NodeAdapter.Soap.Faults.SyntaxXsd);
        Assert.Contains("datiSpecificiServizioRequest", answer.FaultDescription);
    }
}
