using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Reporting;
using Testing;
using Xunit;

namespace Receipts.Tests;

// Self-healing receipts (ADR 0025): what a flow reports and the archive lacks is fetched from biz-events.
public sealed class ReceiptRecoveryTests(RecoveryApp app) : IClassFixture<RecoveryApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    internal static ReconciliationAnomaliesFound Flow(string organization, string flowId, params ReconciliationAnomaly[] anomalies) =>
        new(organization, flowId, anomalies, DateTimeOffset.UtcNow);

    internal static ReconciliationAnomaly Missing(string iuv, string iur, string kind = "missing-receipt", int outcome = 0) =>
        new(kind, iuv, iur, 1, 12_050, outcome, Matched: false);

    [Fact]
    public async Task A_receipt_a_flow_reports_and_the_archive_lacks_is_fetched_once_archived_announced_and_shown_as_recovered()
    {
        const string ec = "33333333333";
        var lost = SampleReceipts.Receipt(ec, "rcpt-lost-1", "01000000000003001");
        app.BizEvents.Holds(lost);
        var deliveries = Deliveries.Attach(app.Services);
        await using var bus = await SampleReceipts.BusAsync(app);
        var recorded = await Recorded.ObserveAsync(bus);
        var client = app.CreateClient();

        // Only the row reported as paid without any receipt is a recovery; a wrong amount has its receipt, a revocation has none to fetch.
        await bus.PublishAsync(Flow(ec, "2026-12-01PSPTEST01-0000001",
            Missing(lost.Iuv, lost.ReceiptId),
            new ReconciliationAnomaly("amount-mismatch", "01000000000003002", "rcpt-other", 1, 100, 0, false),
            Missing("01000000000003003", "rcpt-revoked", "revoked", 3)));

        var recovery = await RecoveryOfAsync(client, ec, lost.Iuv, "recovered");
        Assert.Equal((1, "2026-12-01PSPTEST01-0000001", "missing-receipt", 200),
            (recovery.GetProperty("attempts").GetInt32(), recovery.GetProperty("flowId").GetString(), recovery.GetProperty("anomaly").GetString(),
                recovery.GetProperty("lastStatusCode").GetInt32()));
        var archived = await client.GetFromJsonAsync<ArchivedReceipt>($"/api/receipts/organizations/{ec}/receipts/{lost.ReceiptId}");
        Assert.Equal((lost.NoticeNumber, lost.Iuv, 12_050L, lost.PaymentDateTime, lost.PspId, false),
            (archived!.NoticeNumber, archived.Iuv, archived.AmountCents, archived.PaymentDateTime, archived.PspId, archived.StandIn));
        Assert.Equal(lost.Transfers, archived.Receipt.Transfers);
        Assert.Equal((lost.DebtorFiscalCode, lost.DebtorName, lost.PayerFiscalCode, lost.FeeCents, lost.ApplicationDate),
            (archived.Receipt.DebtorFiscalCode, archived.Receipt.DebtorName, archived.Receipt.PayerFiscalCode, archived.Receipt.FeeCents, archived.Receipt.ApplicationDate));
        await recorded.SettleAsync(app.Database, ReceiptsDb.Schema);
        Assert.Single(recorded.Seen, p => p.ReceiptId == lost.ReceiptId && p.AmountCents == 12_050 && p.Transfers.Count == 2);

        var all = await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/{ec}/recoveries");
        Assert.Single(all.EnumerateArray());
        var call = Assert.Single(app.BizEvents.Calls, c => c.Organization == ec);
        Assert.Equal((lost.ReceiptId, lost.Iuv, "test-subscription"), (call.Iur, call.Iuv, call.SubscriptionKey));
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/{ec}/recoveries/{recovery.GetProperty("id").GetGuid()}");
        Assert.Equal(200, Assert.Single(detail.GetProperty("calls").EnumerateArray()).GetProperty("statusCode").GetInt32());

        // A later revision of the flow reports the same row again: it is archived now, nothing more is asked.
        var revision = Guid.NewGuid();
        await bus.PublishAsync(Flow(ec, "2026-12-01PSPTEST01-0000001", Missing(lost.Iuv, lost.ReceiptId)), revision);
        await deliveries.OfAsync(revision);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/{ec}/recoveries")).EnumerateArray());
        Assert.Single(app.BizEvents.Calls, c => c.Organization == ec);
    }

    [Fact]
    public async Task A_receipt_biz_events_does_not_have_is_asked_for_at_most_MaxAttempts_times_then_left_to_an_operator_who_can_retry_it()
    {
        const string ec = "33333333334";
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var later = SampleReceipts.Receipt(ec, "rcpt-late-1", "01000000000003101");

        await bus.PublishAsync(Flow(ec, "2026-12-01PSPTEST01-0000002", Missing(later.Iuv, later.ReceiptId, "stand-in", 4)));

        var given = await RecoveryOfAsync(client, ec, later.Iuv, "unrecoverable");
        Assert.Equal((2, 404), (given.GetProperty("attempts").GetInt32(), given.GetProperty("lastStatusCode").GetInt32()));
        Assert.Equal(2, app.BizEvents.Calls.Count(c => c.Organization == ec));
        var id = given.GetProperty("id").GetGuid();
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/{ec}/recoveries/{id}"))
            .GetProperty("calls").EnumerateArray().Count(c => c.GetProperty("statusCode").GetInt32() == 404));

        // pagoPA has it now: an operator asks again, and it is recovered, as a stand-in payment since its flow said so.
        app.BizEvents.Holds(later);
        var retried = await client.PostAsync($"/api/receipts/organizations/{ec}/recoveries/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await RecoveryOfAsync(client, ec, later.Iuv, "recovered");
        var archived = await client.GetFromJsonAsync<ArchivedReceipt>($"/api/receipts/organizations/{ec}/receipts/{later.ReceiptId}");
        Assert.True(archived!.StandIn);
        var again = await client.PostAsync($"/api/receipts/organizations/{ec}/recoveries/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_receipt_the_Node_delivers_after_its_recovery_is_neither_archived_nor_announced_again()
    {
        const string ec = "33333333335";
        var deliveries = Deliveries.Attach(app.Services);
        await using var bus = await SampleReceipts.BusAsync(app);
        var recorded = await Recorded.ObserveAsync(bus);
        var client = app.CreateClient();
        var late = SampleReceipts.Receipt(ec, "rcpt-late-node-1", "01000000000003201");
        app.BizEvents.Holds(late);

        await bus.PublishAsync(Flow(ec, "2026-12-01PSPTEST01-0000003", Missing(late.Iuv, late.ReceiptId)));
        await RecoveryOfAsync(client, ec, late.Iuv, "recovered");
        // The Node's own redelivery finally gets through: the archive already has it.
        var nodeCopy = Guid.NewGuid();
        await bus.PublishAsync(late, nodeCopy);

        var delivered = Assert.Single(await deliveries.OfAsync(nodeCopy));
        Assert.Null(delivered.Fault);
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, delivered.Queue);
        await recorded.SettleAsync(app.Database, ReceiptsDb.Schema);
        Assert.Single(recorded.Seen, p => p.ReceiptId == late.ReceiptId);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM receipts.receipts WHERE receipt_id = '{late.ReceiptId}'"));
    }

    [Fact]
    public async Task Recoveries_are_listed_by_status_and_a_bad_filter_is_a_validation_problem()
    {
        var client = app.CreateClient();
        var bad = await client.GetAsync("/api/receipts/organizations/33333333336/recoveries?status=healed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missing = await client.GetAsync($"/api/receipts/organizations/33333333336/recoveries/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    internal static async Task<JsonElement> RecoveryOfAsync(HttpClient client, string ec, string iuv, string status)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/{ec}/recoveries?iuv={iuv}&status={status}");
            if (list.GetArrayLength() != 1) return false;
            found = list[0];
            return true;
        }, Wait, $"the recovery of {iuv} is {status}");
        return found;
    }
}

// pagoPA's throttle: never more calls in a window than the quota, and what is left waits visibly.
public sealed class ReceiptRecoveryThrottleTests(ThrottledRecoveryApp app) : IClassFixture<ThrottledRecoveryApp>
{
    [Fact]
    public async Task Five_missing_receipts_with_a_quota_of_three_calls_an_hour_make_three_calls_and_the_other_two_wait_for_the_window()
    {
        const string ec = "44444444444";
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var receipts = Enumerable.Range(1, 5).Select(i => SampleReceipts.Receipt(ec, $"rcpt-quota-{i}", $"0100000000000400{i}")).ToList();
        foreach (var r in receipts) app.BizEvents.Holds(r);

        await bus.PublishAsync(ReceiptRecoveryTests.Flow(ec, "2026-12-01PSPTEST01-0000004",
            [.. receipts.Select(r => ReceiptRecoveryTests.Missing(r.Iuv, r.ReceiptId))]));

        JsonElement[] recoveries = [];
        await Eventually.TrueAsync(async () =>
        {
            recoveries = [.. (await client.GetFromJsonAsync<JsonElement>($"/api/receipts/organizations/{ec}/recoveries")).EnumerateArray()];
            return recoveries.Count(r => r.GetProperty("status").GetString() == "recovered") == 3
                   && recoveries.Count(r => r.GetProperty("status").GetString() == "pending"
                                            && r.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(30)) == 2;
        }, TimeSpan.FromSeconds(30), "three recovered, two postponed past the window");
        Assert.Equal(3, app.BizEvents.Calls.Count);
        Assert.All(recoveries.Where(r => r.GetProperty("status").GetString() == "pending"), r => Assert.Equal(0, r.GetProperty("attempts").GetInt32()));
    }
}
