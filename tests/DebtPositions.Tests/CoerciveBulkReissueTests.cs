using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace DebtPositions.Tests;

// Bulk re-issue of every overdue position of a revenue type: a job per EC, idempotent, resumable, with progress.
public sealed class CoerciveBulkReissueTests(CoerciveApp app) : IClassFixture<CoerciveApp>
{
    private const string Jobs = $"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/coercive/reissues";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_job_waits_while_Actualisation_is_down_answers_repeats_with_itself_refuses_a_second_job_and_reissues_each_overdue_position_once()
    {
        var revenue = "RT" + Guid.NewGuid().ToString("N")[..10];
        var overdue = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var iupd = Positions.Unique("bulk");
            await _client.CreateAsync(Coercive.TwoBeneficiaries(iupd, revenue, dueInDays: 10));
            overdue.Add(iupd);
        }
        var notYetDue = Positions.Unique("later");
        await _client.CreateAsync(Coercive.TwoBeneficiaries(notYetDue, revenue, dueInDays: 100));
        var otherRevenue = Positions.Unique("other");
        await _client.CreateAsync(Coercive.TwoBeneficiaries(otherRevenue, "OTHER" + revenue, dueInDays: 10));
        var cancelled = Positions.Unique("gone");
        await _client.CreateAsync(Coercive.TwoBeneficiaries(cancelled, revenue, dueInDays: 10));
        (await _client.PostAsync($"{Positions.Base}/{cancelled}/invalidate", null)).EnsureSuccessStatusCode();
        var body = new { revenueType = revenue, overdueBefore = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), costsCents = 100 };
        const string key = "bulk-key-1";

        Guid id;
        app.ActualisationProxy.Cut();
        try
        {
            var started = await StartAsync(body, key);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            Assert.EndsWith($"/coercive/reissues/{id}", started.Headers.Location!.ToString(), StringComparison.Ordinal);
            await Testing.Eventually.TrueAsync(async () => await JobAsync(id) is var job && job.GetProperty("status").GetString() == "RUNNING"
                && job.GetProperty("failure").GetString()?.StartsWith("waiting", StringComparison.Ordinal) == true, Settle, "the job waits for Actualisation");

            var sameKey = await StartAsync(body, key);
            var sameBody = await StartAsync(body, null);
            var otherTerms = await StartAsync(body with { costsCents = 200 }, null);
            var keyReused = await StartAsync(body with { costsCents = 200 }, key);

            Assert.Equal((HttpStatusCode.Accepted, id), (sameKey.StatusCode, (await sameKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
            Assert.Equal((HttpStatusCode.Accepted, id), (sameBody.StatusCode, (await sameBody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
            Assert.Equal(HttpStatusCode.Conflict, otherTerms.StatusCode);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, keyReused.StatusCode);
            var waiting = await JobAsync(id);
            Assert.Equal((5L, 0L), (waiting.GetProperty("total").GetInt64(), waiting.GetProperty("reissued").GetInt64()));
            foreach (var iupd in overdue) Assert.Equal("VALID", (await _client.ReadAsync(iupd)).Status());
        }
        finally
        {
            app.ActualisationProxy.Restore();
        }

        await Testing.Eventually.TrueAsync(async () => (await JobAsync(id)).GetProperty("status").GetString() == "COMPLETED", Settle, "the job completes");
        var done = await JobAsync(id);
        Assert.Equal((5L, 5L, 0L), (done.GetProperty("total").GetInt64(), done.GetProperty("reissued").GetInt64(), done.GetProperty("skipped").GetInt64()));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("failure").ValueKind);
        foreach (var iupd in overdue)
        {
            var old = await _client.ReadAsync(iupd);
            var successor = await _client.ReadAsync(iupd + "-R");
            Assert.Equal(("INVALID", iupd + "-R"), (old.Status(), old.GetProperty("reissuedAs").GetString()));
            Assert.Equal(("VALID", iupd), (successor.Status(), successor.GetProperty("reissueOf").GetString()));
            Assert.Equal(14_050 + 422 + 100, successor.GetProperty("paymentOption")[0].GetProperty("amount").GetInt64());
        }
        foreach (var (iupd, status) in new[] { (notYetDue, "VALID"), (otherRevenue, "VALID"), (cancelled, "INVALID") })
        {
            var untouched = await _client.ReadAsync(iupd);
            Assert.Equal((status, JsonValueKind.Null), (untouched.Status(), untouched.GetProperty("reissuedAs").ValueKind));
        }

        // The same request once the job is over: a new job, with nothing left to re-issue.
        var rerun = await StartAsync(body, null);
        var rerunId = (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.NotEqual(id, rerunId);
        await Testing.Eventually.TrueAsync(async () => (await JobAsync(rerunId)).GetProperty("status").GetString() == "COMPLETED", Settle, "the rerun completes");
        Assert.Equal((0L, 0L), ((await JobAsync(rerunId)).GetProperty("total").GetInt64(), (await JobAsync(rerunId)).GetProperty("reissued").GetInt64()));
        Assert.Equal(5, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.positions WHERE reissue_of IN ('{string.Join("','", overdue)}')"));
    }

    [Fact]
    public async Task A_cancelled_job_reissues_nothing_more_frees_the_EC_for_another_job_and_cannot_be_cancelled_twice()
    {
        var (revenue, proof) = ("RC" + Guid.NewGuid().ToString("N")[..10], "RP" + Guid.NewGuid().ToString("N")[..10]);
        var overdue = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            overdue.Add(Positions.Unique("cancel"));
            await _client.CreateAsync(Coercive.TwoBeneficiaries(overdue[^1], revenue, dueInDays: 10));
        }
        var proofIupd = Positions.Unique("proof");
        await _client.CreateAsync(Coercive.TwoBeneficiaries(proofIupd, proof, dueInDays: 10));
        var before = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));

        Guid id;
        HttpResponseMessage cancel, again;
        app.ActualisationProxy.Cut();
        try
        {
            id = (await (await StartAsync(new { revenueType = revenue, overdueBefore = before }, null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await Testing.Eventually.TrueAsync(async () => (await JobAsync(id)).GetProperty("failure").GetString()?.StartsWith("waiting", StringComparison.Ordinal) == true,
                Settle, "the job waits for Actualisation");
            cancel = await _client.PostAsync($"{Jobs}/{id}/cancel", null);
            again = await _client.PostAsync($"{Jobs}/{id}/cancel", null);
        }
        finally
        {
            app.ActualisationProxy.Restore();
        }

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("CANCELLED", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"{Jobs}/{Guid.NewGuid()}/cancel", null)).StatusCode);
        // Another job may start, and runs to its end: the runner has gone past the cancelled one, which re-issued nothing.
        var next = await StartAsync(new { revenueType = proof, overdueBefore = before }, null);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        var nextId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Testing.Eventually.TrueAsync(async () => (await JobAsync(nextId)).GetProperty("status").GetString() == "COMPLETED", Settle, "the next job completes");
        Assert.Equal("INVALID", (await _client.ReadAsync(proofIupd)).Status());
        var cancelled = await JobAsync(id);
        Assert.Equal(("CANCELLED", 0L), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("reissued").GetInt64()));
        foreach (var iupd in overdue) Assert.Equal("VALID", (await _client.ReadAsync(iupd)).Status());
    }

    [Fact]
    public async Task The_ruolo_lists_the_open_reissued_positions_of_a_revenue_type_with_its_documented_columns()
    {
        var revenue = "RU" + Guid.NewGuid().ToString("N")[..10];
        var iupd = Positions.Unique("ruolo");
        await _client.CreateAsync(Coercive.TwoBeneficiaries(iupd, revenue));
        var x0 = DateOnly.FromDateTime(DateTime.UtcNow);
        (await Coercive.ReissueAsync(_client, iupd, new { costsCents = 500, enforceableFrom = x0 })).EnsureSuccessStatusCode();
        var successor = await _client.ReadAsync(iupd + "-R");

        var response = await _client.GetAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/coercive/ruolo?revenueType={revenue}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/csv", text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "iupd;reissue_of;replaced_notice;revenue_type;status;debtor_type;debtor_fiscal_code;debtor_name;street_name;civic_number;" +
            "postal_code;city;province;country;email;iuv;nav;amount_cents;capital_cents;charges_cents;interest_cents;costs_cents;paid_cents;" +
            "enforceable_from;due_date;reissued_at", lines[0].TrimEnd('\r'));
        var row = Assert.Single(lines[1..]).TrimEnd('\r').Split(';');
        var notice = successor.GetProperty("paymentOption")[0];
        Assert.Equal(new[] { iupd + "-R", iupd, revenue, "VALID", "RSSMRA80A01H501U", notice.GetProperty("nav").GetString()!, "14972", "14050", "422", "0", "500", "0", Day(x0), Day(x0.AddDays(60)) },
            new[] { row[0], row[1], row[3], row[4], row[6], row[16], row[17], row[18], row[19], row[20], row[21], row[22], row[23], row[24] });
    }

    [Fact]
    public async Task A_bulk_request_without_its_revenue_type_or_date_is_a_problem_naming_both()
    {
        var response = await StartAsync(new { revenueType = (string?)null, overdueBefore = (DateOnly?)null, costsCents = -5 }, "k/ok");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["costsCents", "overdueBefore", "revenueType"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Jobs}/{Guid.NewGuid()}")).StatusCode);
    }

    private async Task<HttpResponseMessage> StartAsync<T>(T body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Jobs) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonElement> JobAsync(Guid id) => await _client.GetFromJsonAsync<JsonElement>($"{Jobs}/{id}");
}
