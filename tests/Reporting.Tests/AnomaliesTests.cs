using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static Reporting.Tests.Samples;

namespace Reporting.Tests;

[Collection(ReportingCollection.Name)]
public sealed class AnomaliesTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string FlowId = "2026-11-20PSPSIM01-0000201";

    [Fact]
    public async Task Every_kind_of_anomaly_is_classified_and_served_with_the_flow_totals()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        await bus.PublishAsync(Payment("01000000000003001", "rcpt-a-1", (1, 1_000)));
        await bus.PublishAsync(Payment("01000000000003002", "rcpt-a-2", (1, 2_000)));
        await bus.PublishAsync(Payment("01000000000003003", "rcpt-a-3", (1, 3_000)));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>("SELECT count(*) FROM reporting.paid_transfers") == 3,
            TimeSpan.FromSeconds(20), "payments stored");

        await bus.PublishAsync(FlowWithTotals(FlowId, 1, totalPayments: 99, totalCents: 1,
            Row(1, "01000000000003001", "rcpt-a-1", 1, 1_000),            // matched
            Row(2, "01000000000003001", "rcpt-a-1", 1, 1_000),            // duplicate row
            Row(3, "01000000000003002", "rcpt-a-2", 1, 1_999),            // amount mismatch
            Row(4, "01000000000003999", "rcpt-a-9", 1, 500),              // no receipt
            Row(5, "01000000000003003", "rcpt-a-3", 1, 3_000, outcome: 4), // stand-in, matched
            Row(6, "01000000000003004", "rcpt-a-4", 1, 400, outcome: 9),   // no RPT
            Row(7, "01000000000003005", "rcpt-a-5", 1, 300, outcome: 3))); // revoked

        var client = app.CreateClient();
        var path = $"/api/reporting/organizations/{Ec}";
        await Eventually.AnswersAsync(() => client.GetAsync($"{path}/flows/{FlowId}"), TimeSpan.FromSeconds(20), "flow stored");
        var flow = await client.GetFromJsonAsync<JsonElement>($"{path}/flows/{FlowId}");
        var rows = flow.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("matchStatus").GetString(), r.TryGetProperty("anomaly", out var a) ? a.GetString() : null)).ToArray();
        Assert.Equal(new (string?, string?)[]
        {
            ("matched", null), ("duplicate", "duplicate"), ("unmatched", "amount-mismatch"), ("unmatched", "missing-receipt"),
            ("matched", "stand-in"), ("unmatched", "no-rpt"), ("revoked", "revoked"),
        }, rows);
        var summary = flow.GetProperty("flow");
        Assert.False(summary.GetProperty("totalsConsistent").GetBoolean());
        Assert.Equal(2, summary.GetProperty("matchedRows").GetInt64());
        Assert.Equal(4_000, summary.GetProperty("matchedAmountCents").GetInt64());

        var anomalies = await client.GetFromJsonAsync<JsonElement[]>($"{path}/anomalies");
        Assert.Equal(new[] { "amount-mismatch", "duplicate", "missing-receipt", "no-rpt", "revoked", "stand-in", "totals-mismatch" },
            anomalies!.Select(a => a.GetProperty("kind").GetString()).Order());
        var mismatches = await client.GetFromJsonAsync<JsonElement[]>($"{path}/anomalies?kind=amount-mismatch");
        Assert.Equal("01000000000003002", Assert.Single(mismatches!).GetProperty("iuv").GetString());

        var totals = await client.GetFromJsonAsync<JsonElement>($"{path}/totals");
        Assert.Equal(1, totals.GetProperty("unreconciledTransfers").GetInt64());   // rcpt-a-2: its row has the wrong amount
        Assert.Equal(2_000, totals.GetProperty("unreconciledAmountCents").GetInt64());

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("reporting_anomalies_detected_total{kind=\"amount-mismatch\"} 1", metrics);
        // A series without labels may be written with or without an empty label set.
        Assert.Matches(@"(?m)^reporting_transfers_reconciled_total(\{\})? 2$", metrics);
    }

    [Fact]
    public async Task An_unknown_flow_is_a_404_problem_and_an_unknown_anomaly_kind_a_validation_problem()
    {
        var client = app.CreateClient();
        var missing = await client.GetAsync($"/api/reporting/organizations/{Ec}/flows/nope");
        var badKind = await client.GetAsync($"/api/reporting/organizations/{Ec}/anomalies?kind=weird");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var problem = await badKind.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
    }
}
