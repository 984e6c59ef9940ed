using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static Reporting.Tests.ThreeWay;

namespace Reporting.Tests;

// A flow paid by several credits: which transfers (and accounting items) each provisional covers.
[Collection(ReportingCollection.Name)]
public sealed class ProvisionalAllocationTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    [Fact]
    public async Task A_flow_credited_twice_gives_its_transfers_to_the_credits_in_booking_order_splitting_and_flagging_what_straddles_and_lists_the_rest_as_unallocated()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000051");
        const string flowId = "2026-11-20PSPSIM01-0000501";
        var (a, b, c) = ("01000000000005011", "01000000000005012", "01000000000005013");
        await ec.PositionAsync(a, "PO_PAID", (1, 3_000, "CAP-1010", "ACC-2026-7"));
        await ec.PaymentAsync(a, "r-501-a", (1, 3_000));
        await ec.PaymentAsync(b, "r-501-b", (1, 5_000));
        await ec.PaymentAsync(c, "r-501-c", (1, 2_000));
        await ec.FlowAsync(flowId, 1, Row(1, c, "r-501-c", 2_000), Row(2, a, "r-501-a", 3_000), Row(3, b, "r-501-b", 5_000));
        var later = await ec.CreditAsync(new Line(3_000, "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId, Day: "2026-11-24"));
        var first = await ec.CreditAsync(new Line(6_000, "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId, Day: "2026-11-23"));

        var allocation = await ec.Client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/70000000051/reconciliation/flows/{flowId}/provisionals");

        Assert.Equal((10_000L, 9_000L, true), (allocation.GetProperty("flowTotalCents").GetInt64(), allocation.GetProperty("creditedCents").GetInt64(),
            allocation.GetProperty("needsReview").GetBoolean()));
        var provisionals = allocation.GetProperty("provisionals").EnumerateArray().ToArray();
        Assert.Equal([first[0].GetProperty("id").GetInt64(), later[0].GetProperty("id").GetInt64()], provisionals.Select(p => p.GetProperty("movementId").GetInt64()));
        Assert.Equal([(a, 3_000L, false), (b, 3_000L, true)], Shares(provisionals[0].GetProperty("transfers")));
        Assert.Equal([(b, 2_000L, true), (c, 1_000L, true)], Shares(provisionals[1].GetProperty("transfers")));
        Assert.Equal([0L, 0L], provisionals.Select(p => p.GetProperty("residualCents").GetInt64()));
        Assert.Equal([(c, 1_000L, true)], Shares(allocation.GetProperty("unallocated")));
        var chapter = provisionals[0].GetProperty("transfers")[0];
        Assert.Equal(("CAP-1010", "ACC-2026-7"), (chapter.GetProperty("accountingChapter").GetString(), chapter.GetProperty("accountingAssessment").GetString()));

        var unknown = await ec.Client.GetAsync("/api/reporting/organizations/70000000051/reconciliation/flows/2026-11-20PSPSIM01-0000599/provisionals");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static (string, long, bool)[] Shares(JsonElement transfers) =>
        transfers.EnumerateArray().Select(t => (t.GetProperty("iuv").GetString()!, t.GetProperty("amountCents").GetInt64(), t.GetProperty("split").GetBoolean())).ToArray();
}
