using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static Reporting.Tests.ThreeWay;

namespace Reporting.Tests;

[Collection(ReportingCollection.Name)]
public sealed class ThreeWayReconciliationTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private static string Uri(string flowId) => "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId;

    [Fact]
    public async Task Each_of_the_fifteen_labels_is_given_to_the_transfer_or_movement_its_documented_meaning_describes()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000002");
        const string f1 = "2026-11-20PSPSIM01-0000001", f2 = "2026-11-20PSPSIM01-0000002", f3 = "2026-11-20PSPSIM01-0000003";
        await ec.PositionAsync("01000000000000001", "PO_PAID", (1, 1_000, "CAP-1", "ACC-1"));
        await ec.PositionAsync("01000000000000002", "PO_PAID", (1, 2_000, "CAP-1", null));
        await ec.PositionAsync("01000000000000008", "PO_PAID", (1, 800, null, null));
        await ec.PaymentAsync("01000000000000001", "r-a", (1, 1_000));
        await ec.PaymentAsync("01000000000000002", "r-b", (1, 2_000));
        await ec.PaymentAsync("01000000000000003", "r-c", (1, 3_000));
        await ec.PaymentAsync("01000000000000004", "r-d", (1, 4_000));
        await ec.PaymentAsync("01000000000000006", "r-f", (1, 600));
        await ec.PaymentAsync("01000000000000007", "r-g", (1, 700));
        await ec.PaymentAsync("01000000000000009", "r-i-1", (1, 900));
        await ec.FlowAsync(f1, 1, Row(1, "01000000000000001", "r-a", 1_000), Row(2, "01000000000000003", "r-c", 3_000));
        await ec.FlowAsync(f2, 1, Row(1, "01000000000000002", "r-b", 2_000), Row(2, "01000000000000005", "r-e", 500),
            Row(3, "01000000000000010", "r-j", 100, outcome: 3), Row(4, "01000000000000009", "r-i-1", 900));
        await ec.FlowAsync(f3, 1, Row(1, "01000000000000007", "r-g", 700), Row(2, "01000000000000009", "r-i-2", 900));
        var movements = await ec.CreditAsync(
            new Line(4_000, Uri(f1)),
            new Line(1_500, Uri(f3)),
            new Line(600, "/RFS/01000000000000006/6.00"),
            new Line(1_234, "/PUR/LGPE-RIVERSAMENTO/URI/2"),
            new Line(999, Uri("2026-11-20NOBODY01-0000009")));

        Assert.Equal(["IUD_RT_IUF_TES", "RT_IUF", "RT_IUF_TES"], await ec.LabelsAsync("01000000000000001"));
        Assert.Equal(["IUD_RT_IUF", "IUF_NO_TES", "RT_IUF"], await ec.LabelsAsync("01000000000000002"));
        Assert.Equal(["RT_IUF", "RT_IUF_TES", "RT_NO_IUD"], await ec.LabelsAsync("01000000000000003"));
        Assert.Equal(["RT_NO_IUD", "RT_NO_IUF"], await ec.LabelsAsync("01000000000000004"));
        Assert.Equal(["IUF_NO_TES", "IUV_NO_RT"], await ec.LabelsAsync("01000000000000005"));
        Assert.Equal(["RT_NO_IUD", "RT_TES"], await ec.LabelsAsync("01000000000000006"));
        Assert.Equal(["IUF_TES_DIV_IMP", "RT_IUF", "RT_NO_IUD"], await ec.LabelsAsync("01000000000000007"));
        Assert.Equal(["IUD_NO_RT"], await ec.LabelsAsync("01000000000000008"));
        Assert.Contains("DOPPI", await ec.LabelsAsync("01000000000000009"));
        Assert.Equal(["UNKNOWN"], await ec.LabelsAsync("01000000000000010"));
        Assert.Equal(["RT_IUF_TES", "IUF_TES_DIV_IMP", "RT_TES", "TES_NO_MATCH", "TES_NO_IUF_OR_IUV"],
            movements.Select(m => m.GetProperty("label").GetString()!).ToArray());
        Assert.Equal("cashed", await ec.StateAsync("01000000000000001"));
        Assert.Equal("cashed", await ec.StateAsync("01000000000000006"));
        Assert.Equal("reported", await ec.StateAsync("01000000000000002"));

        var anomalies = await ec.Client.GetFromJsonAsync<JsonElement[]>("/api/reporting/organizations/70000000002/reconciliation/anomalies?limit=1000");
        Assert.Equal(["DOPPI", "IUD_NO_RT", "IUF_NO_TES", "IUF_TES_DIV_IMP", "IUV_NO_RT", "RT_NO_IUD", "RT_NO_IUF", "TES_NO_IUF_OR_IUV", "TES_NO_MATCH", "UNKNOWN"],
            anomalies!.Select(a => a.GetProperty("label").GetString()!).Distinct().Order().ToArray());
        var filtered = await ec.Client.GetFromJsonAsync<JsonElement[]>(
            "/api/reporting/organizations/70000000002/reconciliation/anomalies?label=IUF_NO_TES&minCents=1000&psp=PSPSIM01");
        Assert.Equal("01000000000000002", Assert.Single(filtered!).GetProperty("iuv").GetString());
        var byDay = await ec.Client.GetFromJsonAsync<JsonElement[]>(
            "/api/reporting/organizations/70000000002/reconciliation/anomalies?from=2026-11-18&to=2026-11-18&limit=1000");
        // Paid on 18/11 and never reported: the day of a transfer is its regulation day once a flow reports it.
        Assert.Equal(["01000000000000004", "01000000000000006"], byDay!.Select(a => a.GetProperty("iuv").GetString()!).Distinct().Order().ToArray());
        var badLabel = await ec.Client.GetAsync("/api/reporting/organizations/70000000002/reconciliation/anomalies?label=NOPE");
        Assert.Equal(HttpStatusCode.BadRequest, badLabel.StatusCode);
        var farDays = await ec.Client.GetAsync("/api/reporting/organizations/70000000002/reconciliation/days?from=0001-01-01&to=9999-12-31");
        Assert.Equal(HttpStatusCode.BadRequest, farDays.StatusCode);
    }

    [Fact]
    public async Task A_credit_with_a_mangled_remittance_that_arrives_before_its_flow_is_matched_when_the_flow_arrives_and_again_when_it_is_revised()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000003");
        const string flowId = "2026-11-20PSPSIM01-0000031", iuv = "01000000000000031";
        await ec.PaymentAsync(iuv, "r-31", (1, 5_000));
        // Upper-cased, spaces in the marker and in the date, wrapped in the bank's own record tags.
        var credit = Assert.Single(await ec.CreditAsync(new Line(5_000, "YYY23112026 PSP RI1/PUR/LGPE - RIVERSAMENTO/URI/20 26-11-20PSPSIM01-0000031 BONIFICO A VOSTRO FAVORE".ToUpperInvariant())));
        Assert.Equal("TES_NO_IUF_OR_IUV", credit.GetProperty("label").GetString());
        Assert.Equal("paid", await ec.StateAsync(iuv));

        await ec.FlowAsync(flowId, 1, Row(1, iuv, "r-31", 4_999));
        Assert.Equal(["IUF_TES_DIV_IMP", "RT_NO_IUD", "RT_NO_IUF"], await ec.LabelsAsync(iuv));
        Assert.Equal(flowId, (await ec.MovementAsync(credit.GetProperty("id").GetInt64())).GetProperty("matchedFlowId").GetString());

        await ec.FlowAsync(flowId, 2, Row(1, iuv, "r-31", 5_000));
        Assert.Equal(["RT_IUF", "RT_IUF_TES", "RT_NO_IUD"], await ec.LabelsAsync(iuv));
        Assert.Equal("cashed", await ec.StateAsync(iuv));
        Assert.Equal("RT_IUF_TES", (await ec.MovementAsync(credit.GetProperty("id").GetInt64())).GetProperty("label").GetString());
        var flow = await ec.Client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/70000000003/reconciliation/flows/{flowId}");
        Assert.Equal(("cashed", 5_000L), (flow.GetProperty("state").GetString(), flow.GetProperty("cashedCents").GetInt64()));
    }

    [Fact]
    public async Task A_reversal_of_the_credit_takes_the_money_back_and_is_never_counted_as_a_collection()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000004");
        const string flowId = "2026-11-20PSPSIM01-0000041", iuv = "01000000000000041";
        await ec.PaymentAsync(iuv, "r-41", (1, 7_000));
        await ec.FlowAsync(flowId, 1, Row(1, iuv, "r-41", 7_000));
        await ec.CreditAsync(new Line(7_000, Uri(flowId)));
        Assert.Equal("cashed", await ec.StateAsync(iuv));

        var reversal = Assert.Single(await ec.CreditAsync(new Line(7_000, "STORNO " + Uri(flowId), Credit: false, Reversal: true, Day: "2026-11-24")));

        Assert.Equal("reversal", reversal.GetProperty("kind").GetString());
        Assert.Equal("reported", await ec.StateAsync(iuv));
        Assert.Contains("IUF_TES_DIV_IMP", await ec.LabelsAsync(iuv));
        var flow = await ec.Client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/70000000004/reconciliation/flows/{flowId}");
        Assert.Equal(("partially-cashed", 0L), (flow.GetProperty("state").GetString(), flow.GetProperty("cashedCents").GetInt64()));
    }

    [Fact]
    public async Task A_manual_match_or_unmatch_is_audited_and_survives_every_re_evaluation()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000005");
        const string matchedFlow = "2026-11-20PSPSIM01-0000051", unmatchedFlow = "2026-11-20PSPSIM01-0000052";
        await ec.PaymentAsync("01000000000000051", "r-51", (1, 5_100));
        await ec.PaymentAsync("01000000000000052", "r-52", (1, 5_200));
        await ec.FlowAsync(matchedFlow, 1, Row(1, "01000000000000051", "r-51", 5_100));
        await ec.FlowAsync(unmatchedFlow, 1, Row(1, "01000000000000052", "r-52", 5_200));
        var credits = await ec.CreditAsync(new Line(5_100, "/PUR/LGPE-RIVERSAMENTO/URI/2"), new Line(5_200, Uri(unmatchedFlow)));
        var (truncated, automatic) = (credits[0].GetProperty("id").GetInt64(), credits[1].GetProperty("id").GetInt64());
        Assert.Equal("TES_NO_MATCH", credits[0].GetProperty("label").GetString());
        Assert.Equal("cashed", await ec.StateAsync("01000000000000052"));

        Assert.Equal(HttpStatusCode.BadRequest, (await ec.DecideAsync(truncated, "match", new { flowId = matchedFlow })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ec.DecideAsync(truncated, "match", new { flowId = "2026-01-01NOPE-1", reason = "x" })).StatusCode);
        var matched = await ec.DecideAsync(truncated, "match", new { flowId = matchedFlow.ToLowerInvariant(), reason = "remittance cut by the bank, amount and PSP agree" });
        var unmatched = await ec.DecideAsync(automatic, "unmatch", new { reason = "the treasurer says this credit is a refund" });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (matched.StatusCode, unmatched.StatusCode));

        // Re-evaluation: both flows revised, and the same credits arriving again in another file.
        await ec.FlowAsync(matchedFlow, 2, Row(1, "01000000000000051", "r-51", 5_100));
        await ec.FlowAsync(unmatchedFlow, 2, Row(1, "01000000000000052", "r-52", 5_200));
        await ec.CreditAsync(new Line(1, "unrelated " + Uri("2026-11-20PSPSIM01-0000099")));

        Assert.Equal("cashed", await ec.StateAsync("01000000000000051"));
        Assert.Equal("reported", await ec.StateAsync("01000000000000052"));
        var first = await ec.Client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/70000000005/treasury/movements/{truncated}");
        Assert.Equal(matchedFlow, first.GetProperty("movement").GetProperty("matchedFlowId").GetString());
        var decision = Assert.Single(first.GetProperty("decisions").EnumerateArray());
        Assert.Equal(("match", "test-suite", "remittance cut by the bank, amount and PSP agree"),
            (decision.GetProperty("action").GetString(), decision.GetProperty("decidedBy").GetString(), decision.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, (await ec.MovementAsync(automatic)).GetProperty("matchedFlowId").ValueKind);
        await Assert.ThrowsAnyAsync<Exception>(() => app.Database.ExecuteAsync("UPDATE reporting.treasury_decisions SET reason = 'rewritten'"));
    }

    [Fact]
    public async Task A_position_imported_in_bulk_is_the_ECs_own_view_of_its_transfer_for_the_classification()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000008");
        await ec.ImportedAsync("01000000000000081", "01000000000000082");
        await ec.PaymentAsync("01000000000000081", "r-81", (1, 1_000));
        await ec.PaymentAsync("01000000000000083", "r-83", (1, 1_000));

        Assert.Equal(["RT_NO_IUF"], await ec.LabelsAsync("01000000000000081"));
        Assert.Equal(["RT_NO_IUD", "RT_NO_IUF"], await ec.LabelsAsync("01000000000000083"));
        var unpaid = await ec.Client.GetAsync("/api/reporting/organizations/70000000008/reconciliation/payments/01000000000000082");
        Assert.Equal(HttpStatusCode.NotFound, unpaid.StatusCode);
    }
}
