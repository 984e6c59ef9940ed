using System.Text;
using Contracts.DebtPositions;
using Contracts.NodeAdapter;
using MassTransit;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// The station learns each EC's service schemas from DebtPositions' SpontaneousServiceDefined (ADR 0092): a service an
// EC defines through the API is offered at once with its schema, without configuration or restart.
public sealed class CatalogueSchemaTests(DemandApp app) : IClassFixture<DemandApp>
{
    private const string CarTaxData = "<tassaAuto xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/TassaAuto\"><veicoloConTarga><tipoVeicoloTarga>1</tipoVeicoloTarga><veicoloTarga>AB123CD</veicoloTarga></veicoloConTarga></tassaAuto>";
    private const string GeneralData = "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>10.00</amount></service>";

    private static string Demand(string organization, string serviceId, string data) => Soap.Envelope($"""
        <pafn:paDemandPaymentNoticeRequest>
          <idPA>{organization}</idPA><idBrokerPA>{NodeAdapterApp.BrokerId}</idBrokerPA><idStation>{NodeAdapterApp.StationId}</idStation>
          <idServizio>{serviceId}</idServizio><idSoggettoServizio>00001</idSoggettoServizio>
          <datiSpecificiServizioRequest>{Convert.ToBase64String(Encoding.UTF8.GetBytes(data))}</datiSpecificiServizioRequest>
        </pafn:paDemandPaymentNoticeRequest>
        """);

    // Plays DebtPositions: records each demand and refuses it with a marker the test recognises.
    private static async Task<List<CreateSpontaneousPosition>> RefuseAsDebtPositionsAsync(TestBus bus)
    {
        var received = new List<CreateSpontaneousPosition>();
        await bus.ConnectEndpointAsync("fake-debt-positions", e => e.Handler<CreateSpontaneousPosition>(async context =>
        {
            if (context.Message.OrganizationFiscalCode != CreateSpontaneousPosition.WarmUpOrganization)
                lock (received) received.Add(context.Message);
            await context.RespondAsync(new SpontaneousPositionRefused(context.Message.RequestId, Faults.Semantics, "seen by DebtPositions", DateTimeOffset.UtcNow));
        }));
        return received;
    }

    private async Task DefineAsync(TestBus bus, string serviceId, string schema, DateTimeOffset updatedAt, string expectedSchema)
    {
        await bus.PublishAsync(new SpontaneousServiceDefined(NodeAdapterApp.Organization, serviceId, schema, updatedAt));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
                $"SELECT schema_file FROM node_adapter.spontaneous_services WHERE organization_fiscal_code = '{NodeAdapterApp.Organization}' AND service_id = '{serviceId}'") == expectedSchema,
            TimeSpan.FromSeconds(30), $"the station keeps {expectedSchema} for service {serviceId}");
    }

    [Fact]
    public async Task A_service_defined_in_an_ECs_catalogue_is_offered_to_that_EC_only_and_checked_against_the_catalogues_schema()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var received = await RefuseAsDebtPositionsAsync(bus);
        Soap.AssertFault(await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.Organization, "00077", CarTaxData)), Faults.Semantics);

        await DefineAsync(bus, "00077", "TassaAutomobilistica_1_1_0.xsd", DateTimeOffset.UtcNow, "TassaAutomobilistica_1_1_0.xsd");

        var wrongSchema = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.Organization, "00077", GeneralData));
        Soap.AssertFault(wrongSchema, Faults.SyntaxXsd);
        var forwarded = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.Organization, "00077", CarTaxData));
        Soap.AssertFault(forwarded, Faults.Semantics);
        Assert.Equal("seen by DebtPositions", forwarded.FaultDescription);
        Assert.Contains("AB123CD", Assert.Single(received).ServiceData, StringComparison.Ordinal);
        var otherEc = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.SecondOrganization, "00077", CarTaxData));
        Soap.AssertFault(otherEc, Faults.Semantics);
        Assert.Contains("is not offered", otherEc.FaultDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalogues_schema_wins_over_the_configured_one_and_an_older_redelivered_definition_does_not_bring_the_old_one_back()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await RefuseAsDebtPositionsAsync(bus);
        var now = DateTimeOffset.UtcNow;

        // 00002 is configured as the car tax; this EC's catalogue makes it a general service.
        await DefineAsync(bus, DemandApp.CarTax, "general-service.xsd", now, "general-service.xsd");
        var older = Guid.NewGuid();
        await bus.PublishAsync(new SpontaneousServiceDefined(NodeAdapterApp.Organization, DemandApp.CarTax, "TassaAutomobilistica_1_1_0.xsd", now.AddMinutes(-1)), older);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>($"SELECT count(*) FROM node_adapter.inbox_messages WHERE message_id = '{older}'") == 1,
            TimeSpan.FromSeconds(30), "the older definition is consumed");

        Assert.Equal("general-service.xsd", await app.Database.ScalarAsync<string>(
            $"SELECT schema_file FROM node_adapter.spontaneous_services WHERE organization_fiscal_code = '{NodeAdapterApp.Organization}' AND service_id = '{DemandApp.CarTax}'"));
        var general = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.Organization, DemandApp.CarTax, GeneralData));
        Assert.Equal("seen by DebtPositions", general.FaultDescription);
        Soap.AssertFault(await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.Organization, DemandApp.CarTax, CarTaxData)), Faults.SyntaxXsd);
        // Another EC's 00002 is still the configured car tax.
        var configured = await Soap.PostAsync(client, "paDemandPaymentNotice", Demand(NodeAdapterApp.SecondOrganization, DemandApp.CarTax, CarTaxData));
        Assert.Equal("seen by DebtPositions", configured.FaultDescription);
    }
}
