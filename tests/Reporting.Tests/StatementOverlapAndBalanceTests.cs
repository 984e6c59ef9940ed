using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static Reporting.Tests.ThreeWay;

namespace Reporting.Tests;

// ADR 0053 (the same movement in two files counts once) and ADR 0054 (a statement's balances must add up).
[Collection(ReportingCollection.Name)]
public sealed class StatementOverlapAndBalanceTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    [Fact]
    public async Task A_credit_notified_during_the_day_and_listed_again_in_the_days_statement_is_cashed_once_and_the_statement_says_it_was_already_known()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        _ = app.Server;
        var ec = new ThreeWay(app, bus, "70000000011");
        const string flowId = "2026-11-20PSPSIM01-0000111";
        await ec.PaymentAsync("01000000000000111", "r-111", (1, 5_000));
        await ec.FlowAsync(flowId, 1, Row(1, "01000000000000111", "r-111", 5_000));
        var credit = new Line(5_000, "/PUR/LGPE-RIVERSAMENTO/URI/" + flowId, Reference: "SCT-111");
        var pending = new Line(900, "/RFS/01000000000000119/9.00", Status: "PDNG", Reference: "SCT-119");

        var intraday = await Statements.ImportAsync(ec.Client, "70000000011", Statements.Camt054(credit, pending));
        // The day's statement: first a credit of the same amount, day and account with references of its own (another
        // movement), then the same credit, the pending one now booked, and two alike movements (the file lists both).
        var daily = await Statements.ImportAsync(ec.Client, "70000000011", Statements.Camt053(new Line(5_000, "affitto sala consiliare"), credit,
            pending with { Status = "BOOK" }, new Line(700, "cauzione", Reference: "TWIN"), new Line(700, "cauzione", Reference: "TWIN")));
        var again = await Statements.ImportAsync(ec.Client, "70000000011", Statements.Camt054(credit));

        Assert.Equal((0, 1, 1), (intraday.GetProperty("alreadyKnownMovements").GetInt32(), daily.GetProperty("alreadyKnownMovements").GetInt32(),
            again.GetProperty("alreadyKnownMovements").GetInt32()));
        var first = await Statements.MovementsAsync(ec.Client, "70000000011", intraday.GetProperty("fileId").GetInt64());
        var second = await Statements.MovementsAsync(ec.Client, "70000000011", daily.GetProperty("fileId").GetInt64());
        var third = await Statements.MovementsAsync(ec.Client, "70000000011", again.GetProperty("fileId").GetInt64());
        Assert.Equal(["other", "duplicate", "collection", "other", "other"], second.Select(m => m.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal(first[0].GetProperty("id").GetInt64(), second[1].GetProperty("duplicateOf").GetInt64());
        Assert.Equal(first[0].GetProperty("id").GetInt64(), Assert.Single(third).GetProperty("duplicateOf").GetInt64());
        Assert.Equal("not-booked", first[1].GetProperty("kind").GetString());

        var flow = await ec.Client.GetFromJsonAsync<JsonElement>($"/api/reporting/organizations/70000000011/reconciliation/flows/{flowId}");
        Assert.Equal((5_000L, "cashed"), (flow.GetProperty("cashedCents").GetInt64(), flow.GetProperty("state").GetString()));
        Assert.Equal([first[0].GetProperty("id").GetInt64()], flow.GetProperty("movementIds").EnumerateArray().Select(m => m.GetInt64()).ToArray());
        Assert.Equal("cashed", await ec.StateAsync("01000000000000111"));
        var decision = await ec.DecideAsync(second[1].GetProperty("id").GetInt64(), "unmatch", new { reason = "not ours" });
        Assert.Equal(HttpStatusCode.Conflict, decision.StatusCode);
    }

    [Fact]
    public async Task A_statement_whose_booked_entries_do_not_add_up_to_its_balances_is_refused_naming_them_unless_the_operator_accepts_it_marked()
    {
        var client = app.CreateClient();
        const string ec = "70000000012";
        Line[] lines = [new(10_000, "bonifico"), new(2_500, "commissioni", Credit: false), new(4_000, "in arrivo", Status: "PDNG")];
        var balanced = Statements.Camt053(100_000, 107_500, lines);
        var missingAnEntry = Statements.Camt053(100_000, 108_000, lines);
        var before = await app.Database.ScalarAsync<long>($"SELECT count(*) FROM reporting.treasury_files WHERE organization_fiscal_code = '{ec}'");

        var refused = await Statements.UploadAsync(client, ec, missingAnEntry);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:pagopa-platform:problem:treasury-unbalanced-statement", problem.GetProperty("type").GetString());
        var statement = Assert.Single(problem.GetProperty("statements").EnumerateArray());
        Assert.Equal(("Stmt[1]", 100_000L, 10_000L, 2_500L, 108_000L, 500L),
            (statement.GetProperty("where").GetString(), statement.GetProperty("openingCents").GetInt64(), statement.GetProperty("creditCents").GetInt64(),
             statement.GetProperty("debitCents").GetInt64(), statement.GetProperty("closingCents").GetInt64(), statement.GetProperty("differenceCents").GetInt64()));
        Assert.Equal(before, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM reporting.treasury_files WHERE organization_fiscal_code = '{ec}'"));

        var stored = await Statements.ImportAsync(client, ec, balanced);
        Assert.Equal("balanced", stored.GetProperty("balanceCheck").GetString());
        var accepted = await Statements.UploadAsync(client, ec, missingAnEntry, acceptUnbalanced: true);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var marked = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unbalanced", marked.GetProperty("balanceCheck").GetString());
        Assert.Contains("the closing balance is 108000", marked.GetProperty("balanceProblems").GetString());
        var notStated = await Statements.ImportAsync(client, ec, Statements.Camt053(new Line(1_000, "bonifico")));
        Assert.Equal("not-stated", notStated.GetProperty("balanceCheck").GetString());
    }
}
