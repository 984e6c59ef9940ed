using System.Net.Http.Json;
using Contracts.NodeAdapter;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class FlowPollerTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private static readonly DateTimeOffset PaidAt = new(2026, 11, 19, 23, 30, 0, TimeSpan.Zero); // 20 Nov in Rome

    private static List<FakePayment> Rows(string prefix, int count, string status = "EXECUTED") =>
        Enumerable.Range(1, count).Select(i => new FakePayment(i, $"{prefix}{i:D8}", $"iur-{prefix}-{i}", 1 + (i % 5), 1.25m, status, PaidAt)).ToList();

    [Fact]
    public async Task Flows_are_read_page_by_page_published_once_and_a_later_revision_supersedes_the_earlier()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var flows = await FlowEvents.ObserveAsync(bus);
        const string fdr = "2026-11-21PSPTEST01-0000001";
        app.Fdr.Publish(new FakeFlow(NodeAdapterApp.Organization, fdr, "PSPTEST01", 1, Rows("011", 2_100)));

        var first = await flows.WaitForAsync(f => f.FlowId == fdr && f.Revision == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(2_100, first.Payments.Count);
        Assert.Equal(2_100 * 125L, first.TotalAmountCents);
        Assert.Equal(new DateOnly(2026, 11, 20), first.Payments[0].PayDate);
        Assert.Equal(("PSPTEST01", "fdr-rest", new DateOnly(2026, 11, 21)), (first.PspId, first.Source, first.RegulationDate));
        Assert.Equal(Enumerable.Range(1, 2_100), first.Payments.Select(p => p.Index));

        app.Fdr.Publish(new FakeFlow(NodeAdapterApp.Organization, fdr, "PSPTEST01", 2, Rows("012", 3, "STAND_IN")));
        var second = await flows.WaitForAsync(f => f.FlowId == fdr && f.Revision == 2, TimeSpan.FromSeconds(30));
        Assert.All(second.Payments, p => Assert.Equal(4, p.Outcome));

        // The poller lists both revisions again, downloads nothing more, and every event it committed has been seen.
        await app.Fdr.Listings.RoundCompletedAsync(NodeAdapterApp.Organization);
        await flows.SettleAsync(app.Database, "node_adapter");
        Assert.Single(flows.Seen, f => f.FlowId == fdr && f.Revision == 1);
        Assert.Single(flows.Seen, f => f.FlowId == fdr && f.Revision == 2);
        Assert.Equal("superseded", await app.Database.ScalarAsync<string>(
            $"SELECT status FROM node_adapter.reporting_flows WHERE flow_id = '{fdr}' AND revision = 1"));
        Assert.Equal("downloaded", await app.Database.ScalarAsync<string>(
            $"SELECT status FROM node_adapter.reporting_flows WHERE flow_id = '{fdr}' AND revision = 2"));
    }

    [Fact]
    public async Task A_broken_flow_is_parked_with_its_error_and_never_stops_the_others()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var flows = await FlowEvents.ObserveAsync(bus);
        var failing = new FakeFlow(NodeAdapterApp.Organization, "2026-11-21PSPTEST02-0000001", "PSPTEST02", 1, Rows("021", 2)) { BrokenPayments = true };
        app.Fdr.Publish(failing);
        app.Fdr.Publish(new FakeFlow(NodeAdapterApp.Organization, "2026-11-21PSPTEST02-0000002", "PSPTEST02", 1, Rows("022", 2, "TELEPORTED")));
        app.Fdr.Publish(new FakeFlow(NodeAdapterApp.Organization, "2026-11-21PSPTEST02-0000003", "PSPTEST02", 1, Rows("023", 4), DeclaredCount: 5));
        app.Fdr.Publish(new FakeFlow(NodeAdapterApp.SecondOrganization, "2026-11-21PSPTEST02-0000004", "PSPTEST02", 1, Rows("024", 1)));

        var inconsistent = await flows.WaitForAsync(f => f.FlowId.EndsWith("-0000003", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal((5L, 4), (inconsistent.TotalPayments, inconsistent.Payments.Count));
        await flows.WaitForAsync(f => f.FlowId.EndsWith("-0000004", StringComparison.Ordinal) && f.OrganizationFiscalCode == NodeAdapterApp.SecondOrganization,
            TimeSpan.FromSeconds(30));

        var client = app.CreateClient();
        await Eventually.TrueAsync(async () => (await ParkedAsync(client)).Count(f => f.FlowId.StartsWith("2026-11-21PSPTEST02", StringComparison.Ordinal)) == 2,
            TimeSpan.FromSeconds(30), "both broken flows parked");
        var badStatus = (await ParkedAsync(client)).Single(f => f.FlowId.EndsWith("-0000002", StringComparison.Ordinal));
        Assert.Contains("TELEPORTED", badStatus.Error);
        failing.BrokenPayments = false; // the Node recovers: the parked flow is retried and goes through
        var recovered = await flows.WaitForAsync(f => f.FlowId == failing.Fdr, TimeSpan.FromSeconds(30));
        Assert.Equal(2, recovered.Payments.Count);

        // Retried with backoff (1 s, 3 s) and then left for operations after 3 attempts: a whole polling round ran after
        // a fourth attempt would have been due, and tried nothing.
        await Eventually.TrueAsync(async () => (await ParkedAsync(client)).Single(f => f.FlowId == badStatus.FlowId).Attempts == 3,
            TimeSpan.FromSeconds(30), "three attempts");
        var fourthDue = await app.Database.ScalarAsync<DateTime>(
            $"SELECT next_attempt_at FROM node_adapter.reporting_flows WHERE flow_id = '{badStatus.FlowId}'");
        await app.Fdr.Listings.RoundCompletedAsync(NodeAdapterApp.Organization, new DateTimeOffset(DateTime.SpecifyKind(fourthDue, DateTimeKind.Utc)));
        await flows.SettleAsync(app.Database, "node_adapter");
        Assert.Equal(3, (await ParkedAsync(client)).Single(f => f.FlowId == badStatus.FlowId).Attempts);
        Assert.DoesNotContain(flows.Seen, f => f.FlowId.EndsWith("-0000002", StringComparison.Ordinal));
    }

    private static async Task<List<ParkedFlow>> ParkedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<ParkedFlow>>($"/api/node-adapter/organizations/{NodeAdapterApp.Organization}/flows?status=parked"))!;

    private sealed record ParkedFlow(string FlowId, string Status, string? Error, int Attempts);
}
