using Contracts.NodeAdapter;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class LegacyFlowTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private const string Org = FlowsApp.LegacyOrganization;

    // GPD's reporting-service sample flow, addressed to our legacy EC, with its own id, time and esito.
    private static string Flow(string flowId, string dataOra, string esito) =>
        SampleRequests.Load("FlussoRiversamento.gpd-reporting-service.xml", new Dictionary<string, string>
        {
            ["2021-07-27SELBIT2B-S003014897"] = flowId,
            ["2021-07-27T12:00:07"] = dataOra,
            ["<codiceIdentificativoUnivoco>77777777777<"] = $"<codiceIdentificativoUnivoco>{Org}<",
            ["<codiceEsitoSingoloPagamento>0<"] = $"<codiceEsitoSingoloPagamento>{esito}<",
        });

    [Fact]
    public async Task Legacy_flows_of_both_XSD_versions_are_downloaded_a_later_dataOraFlusso_is_a_new_revision_and_broken_ones_are_parked()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var flows = await FlowEvents.ObserveAsync(bus);
        app.Nodo.Publish(Org, "2026-11-20SELBIT2B-A", "2026-11-20T12:00:07", Flow("2026-11-20SELBIT2B-A", "2026-11-20T12:00:07", "0"));
        app.Nodo.Publish(Org, "2026-11-20SELBIT2B-B", "2026-11-20T12:00:08", Flow("2026-11-20SELBIT2B-B", "2026-11-20T12:00:08", "4"));
        app.Nodo.Publish(Org, "2026-11-20SELBIT2B-C", "2026-11-20T12:00:09", Flow("2026-11-20SELBIT2B-C", "2026-11-20T12:00:09", "3"));
        app.Nodo.Publish(Org, "2026-11-20SELBIT2B-D", "2026-11-20T12:00:10", Flow("2026-11-20SELBIT2B-D", "2026-11-20T12:00:10", "7"));
        app.Nodo.Publish(Org, "2026-11-20SELBIT2B-E", "2026-11-20T12:00:11", null);

        var a = await flows.WaitForAsync(f => f.FlowId == "2026-11-20SELBIT2B-A", TimeSpan.FromSeconds(30));
        Assert.Equal((Org, 1L, "SELBIT2B", "nodo-soap", 3, 6_000L), (a.OrganizationFiscalCode, a.Revision, a.PspId, a.Source, a.Payments.Count, a.TotalAmountCents));
        Assert.All(a.Payments, p => Assert.Equal((2, 2_000L, 0, new DateOnly(2021, 7, 26)), (p.IdTransfer, p.AmountCents, p.Outcome, p.PayDate)));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 0, 7, TimeSpan.FromHours(1)), a.FlowDate);
        Assert.All((await flows.WaitForAsync(f => f.FlowId == "2026-11-20SELBIT2B-B", TimeSpan.FromSeconds(30))).Payments, p => Assert.Equal(4, p.Outcome));
        Assert.All((await flows.WaitForAsync(f => f.FlowId == "2026-11-20SELBIT2B-C", TimeSpan.FromSeconds(30))).Payments, p => Assert.Equal(3, p.Outcome));

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM node_adapter.reporting_flows WHERE organization_fiscal_code = '{Org}' AND status = 'parked'") == 2,
            TimeSpan.FromSeconds(30), "the invalid flow and the one the Node refuses are parked");
        Assert.Contains("PPT_ID_FLUSSO_SCONOSCIUTO", await app.Database.ScalarAsync<string>(
            "SELECT error FROM node_adapter.reporting_flows WHERE flow_id = '2026-11-20SELBIT2B-E'"));
        Assert.Contains("1.0.5", await app.Database.ScalarAsync<string>(
            "SELECT error FROM node_adapter.reporting_flows WHERE flow_id = '2026-11-20SELBIT2B-D'"));

        // The PSP overwrites flow A (same id, later dataOraFlusso): a second revision replaces the first.
        app.Nodo.Publish(Org, "2026-11-20SELBIT2B-A", "2026-11-21T09:00:00", Flow("2026-11-20SELBIT2B-A", "2026-11-21T09:00:00", "9"));
        var a2 = await flows.WaitForAsync(f => f.FlowId == "2026-11-20SELBIT2B-A" && f.Revision == 2, TimeSpan.FromSeconds(30));
        Assert.All(a2.Payments, p => Assert.Equal(9, p.Outcome));
        // The poller lists flow A again, downloads nothing more, and every event it committed has been seen.
        await app.Nodo.Listings.RoundCompletedAsync(Org);
        await flows.SettleAsync(app.Database, "node_adapter");
        Assert.Equal(2, flows.Seen.Count(f => f.FlowId == "2026-11-20SELBIT2B-A"));
        Assert.Equal("superseded", await app.Database.ScalarAsync<string>(
            "SELECT status FROM node_adapter.reporting_flows WHERE flow_id = '2026-11-20SELBIT2B-A' AND revision = 1"));
        Assert.DoesNotContain(flows.Seen, f => f.FlowId is "2026-11-20SELBIT2B-D" or "2026-11-20SELBIT2B-E");
    }
}
