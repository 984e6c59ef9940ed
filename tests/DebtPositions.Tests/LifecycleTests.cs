using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Contracts.Receipts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

public sealed class LifecycleTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = Client(app);

    // The history names the client of the verified identity (a header the caller writes would not count).
    private static HttpClient Client(DebtPositionsApp app) =>
        app.CreateClient().WithToken(TestCallers.For(DebtPositionsApp.Ec, ServiceDefaults.Security.CallerRole.Write, client: "tari-office"));

    [Fact]
    public async Task Publish_invalidate_revalidate_and_the_forbidden_transitions_with_history_and_events()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("life");
        var draft = await _client.CreateAsync(Positions.Position(iupd), publish: false);
        Assert.Equal("DRAFT", draft.Status());

        Assert.Equal("VALID", (await Post(iupd, "publish")).Status());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"{Positions.Base}/{iupd}/publish", null)).StatusCode);
        Assert.Equal("INVALID", (await Post(iupd, "invalidate")).Status());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"{Positions.Base}/{iupd}/invalidate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PutAsJsonAsync($"{Positions.Base}/{iupd}", Positions.Position(iupd))).StatusCode);
        var revalidated = await Post(iupd, "revalidate");
        Assert.Equal("VALID", revalidated.Status());
        Assert.Equal(draft.Iuv(), revalidated.Iuv());

        var history = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}/{iupd}/history");
        Assert.Equal(
            ["created:-:DRAFT", "published:DRAFT:VALID", "invalidated:VALID:INVALID", "revalidated:INVALID:VALID"],
            history.EnumerateArray().Select(h => $"{h.GetProperty("change").GetString()}:{h.GetProperty("previousStatus").GetString() ?? "-"}:{h.GetProperty("newStatus").GetString()}"));
        Assert.All(history.EnumerateArray(), h => Assert.Equal("api:tari-office", h.GetProperty("cause").GetString()));

        var last = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Revalidated);
        Assert.Equal(4, last.Position.Version);
        Assert.Equal("VALID", last.Position.Status);
        Assert.Equal("api:tari-office", last.Cause);
        await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Invalidated && c.Position.Version == 3);
    }

    [Fact]
    public async Task A_deleted_draft_takes_its_notices_and_transfers_with_it()
    {
        var iupd = Positions.Unique("del");
        await _client.CreateAsync(Positions.Position(iupd), publish: false);

        var iuv = (await _client.ReadAsync(iupd)).Iuv();

        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"{Positions.Base}/{iupd}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{iupd}")).StatusCode);
        // Its notice and transfer go with it (the aggregate deletes them: no cascading foreign key, ADR 0012).
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.payment_options o LEFT JOIN debt_positions.transfers t ON t.payment_option_id = o.id WHERE o.iuv = '{iuv}'"));
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM debt_positions.transfers t WHERE NOT EXISTS (SELECT 1 FROM debt_positions.payment_options o WHERE o.id = t.payment_option_id)"));
    }

    [Fact]
    public async Task An_update_keeps_the_notice_numbers_and_a_stale_If_Match_is_a_409()
    {
        var iupd = Positions.Unique("upd");
        var created = await _client.CreateAsync(Positions.Position(iupd));
        var body = Positions.Position(iupd, Positions.Option(20_000, iuv: created.Iuv()), Positions.Option(5_000));

        var updated = await _client.PutAsJsonAsync($"{Positions.Base}/{iupd}", body);
        var position = await updated.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(created.Iuv(), position.Iuv());
        Assert.Equal(20_000, position.GetProperty("paymentOption")[0].GetProperty("amount").GetInt64());
        Assert.Equal(created.GetProperty("version").GetInt64() + 1, position.GetProperty("version").GetInt64());
        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Positions.Base}/{iupd}") { Content = JsonContent.Create(body) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{created.GetProperty("version").GetInt64()}\""));
        Assert.Equal(HttpStatusCode.Conflict, (await _client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Two_concurrent_writers_of_one_position_cannot_both_commit()
    {
        var iupd = Positions.Unique("race");
        await _client.CreateAsync(Positions.Position(iupd));
        using var scopeA = app.Services.CreateScope();
        using var scopeB = app.Services.CreateScope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<DebtPositionsDb>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<DebtPositionsDb>();
        var a = await dbA.LoadAsync(DebtPositionsApp.Ec, iupd, default);
        var b = await dbB.LoadAsync(DebtPositionsApp.Ec, iupd, default);

        Assert.Null(a!.Invalidate("test:a", DateTimeOffset.UtcNow));
        Assert.NotNull(a.Options[0]);
        Assert.True(b!.RecordPayment(b.Options[0].Iuv, "r-race", DateTimeOffset.UtcNow, "PSP", "test:b", DateTimeOffset.UtcNow));
        await dbA.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
        Assert.Equal("INVALID", (await _client.ReadAsync(iupd)).Status());
    }

    [Fact]
    public async Task The_job_validates_on_the_validity_date_and_expires_after_the_last_due_date()
    {
        var pending = Positions.Unique("validity");
        var body = Positions.Position(pending);
        // Far enough ahead that a slow create on a loaded machine is not refused as "already past".
        body["validityDate"] = DateTimeOffset.UtcNow.AddSeconds(8).ToString("O");
        Assert.Equal("PUBLISHED", (await _client.CreateAsync(body)).Status());
        var expiring = Positions.Unique("expiry");
        var expiringBody = Positions.Position(expiring, Positions.Option(100));
        expiringBody["switchToExpired"] = true;
        expiringBody["paymentOption"]![0]!["dueDate"] = DateTimeOffset.UtcNow.AddSeconds(9).ToString("O");
        await _client.CreateAsync(expiringBody);

        await Eventually.TrueAsync(async () => (await _client.ReadAsync(pending)).Status() == "VALID", TimeSpan.FromSeconds(20), "validity date reached");
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(expiring)).Status() == "EXPIRED", TimeSpan.FromSeconds(20), "due date passed");

        var history = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}/{expiring}/history");
        Assert.Equal("job:lifecycle", history[history.GetArrayLength() - 1].GetProperty("cause").GetString());
        // Revalidating is refused while every due date is past: the job would expire it again at once.
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"{Positions.Base}/{expiring}/revalidate", null)).StatusCode);
    }

    [Fact]
    public async Task The_bulk_IBAN_change_moves_unpaid_transfers_only_and_bumps_the_version()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iupd = Positions.Unique("iban");
        var created = await _client.CreateAsync(Positions.Position(iupd,
            Positions.Option(5_000, partial: true, dueInDays: 30), Positions.Option(5_000, partial: true, dueInDays: 60)));
        await bus.PublishAsync(new PaymentRecorded(DebtPositionsApp.Ec, created.Iuv(0), "3" + created.Iuv(0), "rcpt-iban", 5_000, DateTimeOffset.UtcNow,
            "PSPTEST01", false, [new PaidTransfer(1, DebtPositionsApp.Ec, 5_000, Positions.Iban, "9/0101108TS/")], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "PARTIALLY_PAID", TimeSpan.FromSeconds(20), "first instalment paid");
        var before = await _client.ReadAsync(iupd);
        const string NewIban = "IT42L1234512345123456789012";

        var response = await _client.PatchAsJsonAsync($"{Positions.Base}/transfers?oldIban={Positions.Iban}", new { newIban = NewIban });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(result.GetProperty("updatedTransfers").GetInt32() >= 1);
        var after = await _client.ReadAsync(iupd);
        var options = after.GetProperty("paymentOption");
        Assert.Equal(("PO_PAID", Positions.Iban), (options[0].GetProperty("status").GetString(), options[0].GetProperty("transfer")[0].GetProperty("iban").GetString()));
        Assert.Equal(("PO_UNPAID", NewIban), (options[1].GetProperty("status").GetString(), options[1].GetProperty("transfer")[0].GetProperty("iban").GetString()));
        Assert.Equal(before.GetProperty("version").GetInt64() + 1, after.GetProperty("version").GetInt64());
    }

    private async Task<JsonElement> Post(string iupd, string action)
    {
        var response = await _client.PostAsync($"{Positions.Base}/{iupd}/{action}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
