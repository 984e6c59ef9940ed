using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// GPD v3 over the same positions as v1: sample, every operation, the lifecycle, history and events.
public sealed class V3ApiTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_v3_sample_is_refused_only_for_its_placeholders_with_v3_paths_and_accepted_once_they_are_real()
    {
        var sample = PositionsV3.Sample();
        var retention = sample["paymentOption"]![1]!["retentionDate"]!.GetValue<string>();
        var refused = await _client.PostAsJsonAsync(PositionsV3.Base, sample);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(
            ["paymentOption[0].installments[0].dueDate", "paymentOption[1].installments[1].transfer[0].category",
             "paymentOption[1].installments[1].transfer[0].iban"],
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).ErrorKeys());

        sample["paymentOption"]![0]!["installments"]![0]!["dueDate"] = Positions.Due(20);
        var transfer = sample["paymentOption"]![1]!["installments"]![1]!["transfer"]![0]!;
        transfer["iban"] = Positions.Iban;
        transfer["category"] = "9/0101108TS/";
        transfer["organizationFiscalCode"] = DebtPositionsApp.Ec; // the spec's example 00000000000 passes the 11-digit check, but is no EC
        var badIuv = await _client.PostAsJsonAsync(PositionsV3.Base, sample);
        var iuvErrors = (await badIuv.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["paymentOption[1].installments[0].iuv"], iuvErrors.EnumerateObject().Select(e => e.Name));

        sample["paymentOption"]![1]!["installments"]![0]!.AsObject().Remove("iuv");
        var created = await _client.PostAsJsonAsync(PositionsV3.Base + "?toPublish=true", sample);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{PositionsV3.Base}/IUPD-WEBINAR-V3-1", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VALID", body.Status());
        Assert.Equal(2, body.GetProperty("paymentOption").GetArrayLength());
        Assert.Equal(1, body.Installments(0).GetArrayLength());
        Assert.Equal(2, body.Installments(1).GetArrayLength());
        Assert.All(body.Installments(1).EnumerateArray(), i => Assert.Equal("UNPAID", i.GetProperty("status").GetString()));
        Assert.Equal("3" + body.Iuv(1, 1), body.Installments(1)[1].GetProperty("nav").GetString());
        Assert.Equal("JHNDOE00A01F205N", body.GetProperty("paymentOption")[1].GetProperty("debtor").GetProperty("fiscalCode").GetString());
        Assert.Equal(DateTimeOffset.Parse(retention), body.GetProperty("paymentOption")[1].GetProperty("retentionDate").GetDateTimeOffset());
        Assert.Equal("", body.Installments(1)[1].GetProperty("installmentMetadata")[0].GetProperty("value").GetString());
        // The write-only option description is kept (an update must not lose it) but not returned.
        Assert.False(body.GetProperty("paymentOption")[1].TryGetProperty("description", out _));
        Assert.Equal(2, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.payment_options WHERE plan_description = 'Posizione debitoria ACA test - due rate' AND iuv IN ('{body.Iuv(1, 0)}', '{body.Iuv(1, 1)}')"));
    }

    [Fact]
    public async Task Create_get_list_update_publish_invalidate_and_delete_through_v3_with_history_and_events()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("v3-life");
        var body = PositionsV3.Position(iupd, PositionsV3.Option(null, PositionsV3.Installment(6_000, 30), PositionsV3.Installment(6_000, 60)));
        var draft = await _client.CreateV3Async(body, publish: false);
        Assert.Equal("DRAFT", draft.Status());

        var read = await _client.GetAsync($"{PositionsV3.Base}/{iupd}");
        Assert.Equal($"\"{draft.GetProperty("version").GetInt64()}\"", read.Headers.ETag?.Tag);
        var listed = await _client.GetFromJsonAsync<JsonElement>($"{PositionsV3.Base}?status=DRAFT&orderby=IUPD&limit=50");
        Assert.Contains(listed.GetProperty("payment_position_list").EnumerateArray(), p => p.GetProperty("iupd").GetString() == iupd);

        // Update: the first instalment sent again with its IUV keeps its notice number; the amounts change.
        var firstIuv = draft.Iuv(0, 0);
        var update = PositionsV3.Position(iupd, PositionsV3.Option(null,
            PositionsV3.Installment(7_000, 30, firstIuv), PositionsV3.Installment(5_000, 60), PositionsV3.Installment(5_000, 90)));
        var updated = await (await _client.PutAsJsonAsync($"{PositionsV3.Base}/{iupd}", update)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, updated.Installments(0).GetArrayLength());
        Assert.Equal(draft.Installments(0)[0].GetProperty("nav").GetString(), updated.Installments(0)[0].GetProperty("nav").GetString());
        Assert.Equal(7_000, updated.Installments(0)[0].GetProperty("amount").GetInt64());

        var published = await _client.PostAsync($"{PositionsV3.Base}/{iupd}/publish", null);
        Assert.Equal("VALID", (await published.Content.ReadFromJsonAsync<JsonElement>()).Status());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"{PositionsV3.Base}/{iupd}/publish", null)).StatusCode);

        var invalidated = await (await _client.PostAsync($"{PositionsV3.Base}/{iupd}/invalidate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("UNPAYABLE", invalidated.Status());
        Assert.All(invalidated.Installments(0).EnumerateArray(), i => Assert.Equal("UNPAYABLE", i.GetProperty("status").GetString()));
        Assert.Equal("INVALID", (await _client.ReadAsync(iupd)).Status());
        var unpayable = await _client.GetFromJsonAsync<JsonElement>($"{PositionsV3.Base}?status=UNPAYABLE&limit=50");
        Assert.Contains(unpayable.GetProperty("payment_position_list").EnumerateArray(), p => p.GetProperty("iupd").GetString() == iupd);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"{PositionsV3.Base}?status=INVALID")).StatusCode);

        var history = await _client.GetFromJsonAsync<JsonElement>($"{PositionsV3.Base}/{iupd}/history");
        Assert.Equal(["created", "updated", "published", "invalidated"], history.EnumerateArray().Select(h => h.GetProperty("change").GetString()));
        var invalid = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Invalidated);
        Assert.Equal(3, invalid.Position.Options.Count);
        Assert.All(invalid.Position.Options, o => Assert.True(o.IsPartialPayment));

        var deletable = await _client.CreateV3Async(PositionsV3.Position(Positions.Unique("v3-del")), publish: false);
        var deleted = await _client.DeleteAsync($"{PositionsV3.Base}/{deletable.GetProperty("iupd").GetString()}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{PositionsV3.Base}/{deletable.GetProperty("iupd").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_on_v3_returns_the_first_v3_answer_and_a_different_body_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        var body = PositionsV3.Position(Positions.Unique("v3-idem"));
        var first = await Post(body, key);
        var again = await Post(body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await again.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(a.Iuv(0, 0), b.Iuv(0, 0));
        Assert.True(b.TryGetProperty("paymentOption", out var options) && options[0].TryGetProperty("installments", out _));
        body["companyName"] = "Comune di Altrove";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Post(body, key)).StatusCode);
    }

    [Fact]
    public async Task An_expired_v3_position_is_UNPAYABLE_with_EXPIRED_installments_and_a_stale_If_Match_update_is_refused()
    {
        var iupd = Positions.Unique("v3-exp");
        var option = PositionsV3.Option(null, PositionsV3.Installment(1_000), PositionsV3.Installment(1_000));
        option["switchToExpired"] = true;
        // Far enough ahead that a slow create on a loaded machine is not refused as "already past".
        option["installments"]![0]!["dueDate"] = DateTimeOffset.UtcNow.AddSeconds(8).ToString("O");
        option["installments"]![1]!["dueDate"] = DateTimeOffset.UtcNow.AddSeconds(9).ToString("O");
        await _client.CreateV3Async(PositionsV3.Position(iupd, option));

        await Eventually.TrueAsync(async () => (await _client.ReadAsync(iupd)).Status() == "EXPIRED", TimeSpan.FromSeconds(20), "expired by the job");
        var v3 = await _client.ReadV3Async(iupd);
        Assert.Equal("UNPAYABLE", v3.Status());
        Assert.All(v3.Installments(0).EnumerateArray(), i => Assert.Equal("EXPIRED", i.GetProperty("status").GetString()));

        // A stale If-Match on a v3 update is a conflict, as in v1.
        var update = new HttpRequestMessage(HttpMethod.Put, $"{PositionsV3.Base}/{iupd}") { Content = JsonContent.Create(PositionsV3.Position(iupd)) };
        update.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.Conflict, (await _client.SendAsync(update)).StatusCode);
    }

    private Task<HttpResponseMessage> Post(JsonObject body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PositionsV3.Base + "?toPublish=true") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _client.SendAsync(request);
    }
}
