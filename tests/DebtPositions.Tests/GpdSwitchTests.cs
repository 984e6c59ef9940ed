using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.DebtPositions;
using ServiceDefaults.Security;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// What a client written for GPD notices when its base URL points here (issue 19, ADRs 0044 and 0055): each test
// starts from GPD's own sample body (Samples/PaymentPosition.json) and goes through real HTTP and PostgreSQL.
public sealed class GpdSwitchTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string V1 = "/api/debt-positions/v1";
    private const string V2Base = $"/api/debt-positions/v2/organizations/{DebtPositionsApp.Ec}/debtpositions";
    private static readonly string GpdLocalDateTime = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$";
    private readonly HttpClient _client = app.CreateClient();

    private static JsonObject Sample(string iupd) => Positions.PayableGpdSample(iupd);

    [Fact]
    public async Task Info_answers_GPDs_AppInfo_on_v1_and_v2_to_any_authenticated_caller_and_401_without_credentials()
    {
        var otherEc = app.CreateClient().WithToken(TestCallers.For("88888888888", CallerRole.Read));
        foreach (var path in new[] { $"{V1}/info", "/api/debt-positions/v2/info" })
        {
            var info = await otherEc.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
            var body = await info.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["environment", "name", "version"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal("Development", body.GetProperty("environment").GetString());
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateAnonymousClient().GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task An_organisation_without_notice_numbering_gets_GPDs_400_on_create_404_on_read_and_an_empty_list()
    {
        const string unknown = "88888888888";
        var client = app.CreateClient().WithToken(TestCallers.For(unknown, CallerRole.Write));
        var iupd = Positions.Unique("unknown-ec");
        var sample = Sample(iupd);
        sample["paymentOption"]![0]!["transfer"]![0]!["organizationFiscalCode"] = unknown;
        var positions = $"{V1}/organizations/{unknown}/debtpositions";

        foreach (var create in new[]
                 {
                     await client.PostAsJsonAsync(positions, sample),
                     await client.PostAsJsonAsync($"/api/debt-positions/v2/organizations/{unknown}/debtpositions",
                         new { paymentPositions = new[] { sample } }),
                 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
            var problem = await create.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.StartsWith($"organizationfiscalcode: organization {unknown} has no IUV configuration on this platform (checked here, not by GPD",
                problem.GetProperty("detail").GetString());
        }

        var read = await client.GetAsync($"{positions}/{iupd}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(404, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        var list = await client.GetAsync(positions);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment_position_list").GetArrayLength());
    }

    [Fact]
    public async Task A_notice_paid_outside_pagoPA_becomes_PO_PAID_with_GPDs_placeholders_and_the_position_PAID_is_published()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("paid-outside");
        var created = await _client.CreateAsync(Sample(iupd));
        var nav = created.GetProperty("paymentOption")[0].GetProperty("nav").GetString()!;
        var paidAt = DateTimeOffset.UtcNow.AddDays(-2);

        var paid = await _client.PostAsJsonAsync($"{V1}/organizations/{DebtPositionsApp.Ec}/paymentoptions/paids/{nav}",
            new { paymentDate = paidAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var option = await paid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PO_PAID", option.GetProperty("status").GetString());
        Assert.Equal("MARKED_AS_PAID", option.GetProperty("idReceipt").GetString());
        Assert.Equal("MARKED_AS_PAID", option.GetProperty("pspCompany").GetString());
        Assert.Equal(paidAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.000'", CultureInfo.InvariantCulture), option.GetProperty("paymentDate").GetString());
        Assert.Equal("PAID", (await _client.ReadAsync(iupd)).Status());
        var published = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Paid);
        Assert.Equal("PO_PAID", published.Position.Options[0].Status);

        var again = await _client.PostAsJsonAsync($"/api/debt-positions/v2/organizations/{DebtPositionsApp.Ec}/paymentoptions/paids/{nav}", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var unknown = await _client.PostAsJsonAsync($"{V1}/organizations/{DebtPositionsApp.Ec}/paymentoptions/paids/301000000000000099", new { });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var draft = await _client.CreateAsync(Sample(Positions.Unique("paid-draft")), publish: false);
        var notPayable = await _client.PostAsJsonAsync(
            $"{V1}/organizations/{DebtPositionsApp.Ec}/paymentoptions/paids/{draft.GetProperty("paymentOption")[0].GetProperty("nav").GetString()}", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notPayable.StatusCode);
        var future = await _client.PostAsJsonAsync($"{V1}/organizations/{DebtPositionsApp.Ec}/paymentoptions/paids/{nav}",
            new { paymentDate = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("paymentDate", (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_valid_position_withdraws_it_from_the_station_and_a_new_one_with_its_IUPD_continues_its_versions()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await bus.ObserveAsync<DebtPositionChanged>();
        var iupd = Positions.Unique("del-valid");
        var created = await _client.CreateAsync(Sample(iupd));
        Assert.Equal("VALID", created.Status());

        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"{Positions.Base}/{iupd}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{iupd}")).StatusCode);
        var withdrawn = await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Invalidated);
        Assert.Equal("INVALID", withdrawn.Position.Status);
        Assert.Equal(created.GetProperty("version").GetInt64() + 1, withdrawn.Position.Version);
        var again = await _client.CreateAsync(Sample(iupd));
        Assert.Equal(withdrawn.Position.Version + 2, again.GetProperty("version").GetInt64()); // created, then published
        // The new position's publication is newer than the withdrawal for every consumer that keeps the highest version.
        await changes.WaitForAsync(c => c.Position.Iupd == iupd && c.Change == DebtPositionChanges.Published && c.Position.Version == withdrawn.Position.Version + 2);

        var paid = await _client.CreateAsync(Sample(Positions.Unique("del-paid")));
        await _client.PostAsJsonAsync($"{V1}/organizations/{DebtPositionsApp.Ec}/paymentoptions/paids/{paid.GetProperty("paymentOption")[0].GetProperty("nav").GetString()}", new { });
        Assert.Equal(HttpStatusCode.Conflict, (await _client.DeleteAsync($"{Positions.Base}/{paid.GetProperty("iupd").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task An_update_without_toPublish_returns_a_valid_position_to_DRAFT_so_the_next_publish_succeeds()
    {
        var iupd = Positions.Unique("upd-draft");
        await _client.CreateAsync(Sample(iupd));

        var updated = await (await _client.PutAsJsonAsync($"{Positions.Base}/{iupd}", Sample(iupd))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("DRAFT", updated.Status());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("publishDate").ValueKind);

        var published = await _client.PostAsync($"{Positions.Base}/{iupd}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var republished = await (await _client.PutAsJsonAsync($"{Positions.Base}/{iupd}?toPublish=true", Sample(iupd))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VALID", republished.Status());
    }

    [Fact]
    public async Task Publishing_without_a_validity_date_sets_it_to_the_publication_instant_as_GPD_does()
    {
        var iupd = Positions.Unique("validity");
        await _client.CreateAsync(Sample(iupd), publish: false);

        var published = await (await _client.PostAsync($"{Positions.Base}/{iupd}/publish", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("VALID", published.Status());
        Assert.Equal(published.GetProperty("publishDate").GetString(), published.GetProperty("validityDate").GetString());
        Assert.NotNull(published.GetProperty("validityDate").GetString());
    }

    [Fact]
    public async Task Date_times_are_written_as_GPDs_LocalDateTime_in_UTC_and_one_without_offset_is_read_as_UTC()
    {
        var iupd = Positions.Unique("dates");
        var sample = Sample(iupd);
        var due = DateTime.UtcNow.Date.AddDays(40).AddHours(10).AddMinutes(30);
        sample["paymentOption"]![0]!["dueDate"] = due.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        sample["paymentOption"]![0]!["retentionDate"] = due.AddDays(60).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

        var created = await _client.CreateAsync(sample);
        var read = await _client.GetStringAsync($"{Positions.Base}/{iupd}");

        var option = created.GetProperty("paymentOption")[0];
        Assert.Equal(due.ToString("yyyy-MM-dd'T'HH:mm:ss'.000'", CultureInfo.InvariantCulture), option.GetProperty("dueDate").GetString());
        var dates = JsonNode.Parse(read)!.AsObject().Where(p => p.Key.EndsWith("Date", StringComparison.Ordinal) && p.Value is not null)
            .Select(p => p.Value!.GetValue<string>()).ToList();
        Assert.True(dates.Count >= 3, read);
        Assert.All(dates, d => Assert.Matches(GpdLocalDateTime, d));
    }

    [Fact]
    public async Task Booleans_sent_as_strings_are_read_as_GPD_reads_them_and_other_strings_are_a_400_naming_the_field()
    {
        var sample = Sample(Positions.Unique("bool-str"));
        sample["switchToExpired"] = "false";
        sample["payStandIn"] = "true";
        sample["paymentOption"]![0]!["isPartialPayment"] = "false";

        var created = await _client.PostAsJsonAsync(Positions.Base, sample);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("switchToExpired").GetBoolean());

        sample["iupd"] = Positions.Unique("bool-bad");
        sample["switchToExpired"] = "maybe";
        var refused = await _client.PostAsJsonAsync(Positions.Base, sample);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("switchToExpired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_carries_a_detail_naming_each_field_and_saying_why_a_rule_GPD_lacks_is_kept()
    {
        var refused = await _client.PostAsJsonAsync(Positions.Base, Positions.GpdSample());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("paymentOption[0].transfer[0].iban: ", detail, StringComparison.Ordinal);
        Assert.Contains("paymentOption[0].transfer[0].category: ", detail, StringComparison.Ordinal);
        Assert.Contains("not by GPD: money paid to a mistyped IBAN goes astray", detail, StringComparison.Ordinal);

        var badIuv = Sample(Positions.Unique("bad-iuv"));
        badIuv["paymentOption"]![0]!["iuv"] = "12345678912345678";
        var iuvDetail = (await (await _client.PostAsJsonAsync(Positions.Base, badIuv)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("paymentOption[0].iuv: ", iuvDetail, StringComparison.Ordinal);
        Assert.Contains("segregation code", iuvDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_completes_a_lone_bound_to_30_days_and_refuses_a_wider_window()
    {
        var tag = Positions.Unique("window");
        await _client.CreateAsync(Positions.Position($"{tag}-in", Positions.Option(100, dueInDays: 300)));
        await _client.CreateAsync(Positions.Position($"{tag}-out", Positions.Option(100, dueInDays: 340)));
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(299), rome).DateTime);

        var listed = await _client.GetFromJsonAsync<JsonElement>($"{Positions.Base}?due_date_from={from:yyyy-MM-dd}&limit=50&orderby=IUPD&ordering=ASC");
        var iupds = listed.GetProperty("payment_position_list").EnumerateArray().Select(p => p.GetProperty("iupd").GetString()).ToList();
        Assert.Contains($"{tag}-in", iupds);
        Assert.DoesNotContain($"{tag}-out", iupds);

        var wide = await _client.GetAsync($"{Positions.Base}?due_date_from={from:yyyy-MM-dd}&due_date_to={from.AddDays(31):yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.BadRequest, wide.StatusCode);
        Assert.Contains("at most 30", (await wide.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"{Positions.Base}?due_date_from={from:yyyy-MM-dd}&due_date_to={from.AddDays(30):yyyy-MM-dd}")).StatusCode);
    }

    [Fact]
    public async Task A_foreign_tax_id_is_accepted_for_a_natural_person_and_a_mistyped_Italian_code_is_refused_saying_why()
    {
        var foreign = Sample(Positions.Unique("foreign"));
        foreign["fiscalCode"] = "DE1234567890";
        var created = await _client.PostAsJsonAsync(Positions.Base, foreign);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var mistyped = Sample(Positions.Unique("mistyped"));
        mistyped["fiscalCode"] = "JHNDOE00A01F205X";
        var refused = await _client.PostAsJsonAsync(Positions.Base, mistyped);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not by GPD", body.GetProperty("errors").GetProperty("fiscalCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2_creates_updates_and_deletes_several_positions_all_or_none()
    {
        var (a, b) = (Positions.Unique("v2-a"), Positions.Unique("v2-b"));
        var created = await _client.PostAsJsonAsync($"{V2Base}?toPublish=true", new { paymentPositions = new[] { Sample(a), Sample(b) } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("VALID", (await _client.ReadAsync(b)).Status());

        var c = Positions.Unique("v2-c");
        var clash = await _client.PostAsJsonAsync(V2Base, new { paymentPositions = new[] { Sample(c), Sample(a) } });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{c}")).StatusCode);
        var invalid = Sample(c);
        invalid["fiscalCode"] = "";
        var refused = await _client.PostAsJsonAsync(V2Base, new { paymentPositions = new[] { Sample(Positions.Unique("v2-d")), invalid } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("paymentPositions[1].fiscalCode", out _));

        var changedA = Sample(a);
        changedA["companyName"] = "Comune di Prova";
        var updated = await _client.PutAsJsonAsync($"{V2Base}?toPublish=true", new { paymentPositions = new[] { changedA, Sample(b) } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var readA = await _client.ReadAsync(a);
        Assert.Equal("Comune di Prova", readA.GetProperty("companyName").GetString());
        Assert.Equal("VALID", readA.Status());

        var partly = await DeleteV2([a, b, c]);
        Assert.Equal(HttpStatusCode.NotFound, partly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"{Positions.Base}/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeleteV2([a, b])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Positions.Base}/{b}")).StatusCode);
    }

    private Task<HttpResponseMessage> DeleteV2(string[] iupds) => _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, V2Base)
    {
        Content = new StringContent(JsonSerializer.Serialize(new { paymentPositionIUPDs = iupds }), Encoding.UTF8, "application/json"),
    });
}
