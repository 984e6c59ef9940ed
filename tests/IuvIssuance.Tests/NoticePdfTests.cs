using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// Positions arrive as DebtPositionChanged over the real broker; notices are read back as a reader would.
public sealed class NoticePdfTests(IuvApp app) : IClassFixture<IuvApp>, IAsyncLifetime
{
    private readonly HttpClient _client = app.CreateClient();
    private TestBus _bus = null!;

    public async Task InitializeAsync() => _bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task A_published_notice_prints_a_QR_code_that_decodes_to_the_pagoPA_payload_and_the_text_a_reader_needs()
    {
        var nav = NewNav();
        await _bus.PublishAsync(Changed("TARI-QR-1", 1, "VALID", Option(nav, 123_456, new DateOnly(2026, 11, 30))));

        var pdf = await PdfAsync(nav);

        Assert.Equal(1, await Reader.PageCountAsync(pdf));
        Assert.Equal([$"PAGOPA|002|{nav}|77777777777|123456"], await Reader.QrCodesAsync(pdf, 1));
        var text = await Reader.TextAsync(pdf);
        Assert.Contains(nav, Reader.Compact(text), StringComparison.Ordinal);
        Assert.Contains(Group(nav), text, StringComparison.Ordinal);
        Assert.Contains("77777777777", text, StringComparison.Ordinal);
        Assert.Contains("1.234,56 €", text, StringComparison.Ordinal);
        Assert.Contains("30/11/2026", text, StringComparison.Ordinal);
        Assert.Contains("Mario Rossi", text, StringComparison.Ordinal);
        Assert.Contains("RSSMRA80A01H501U", text, StringComparison.Ordinal);
        Assert.Contains("TARI 2026 - Tassa rifiuti", text, StringComparison.Ordinal);
        Assert.Contains("Comune di Demo", text, StringComparison.Ordinal);
        Assert.Contains("DOVE PAGARE?", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instalment_plan_prints_the_single_payment_first_then_one_page_per_instalment()
    {
        var (single, r1, r2, r3) = (NewNav(), NewNav(), NewNav(), NewNav());
        await _bus.PublishAsync(Changed("TARI-PLAN-1", 1, "VALID",
            Option(r2, 30_000, new DateOnly(2026, 9, 30), instalment: true),
            Option(single, 90_000, new DateOnly(2026, 6, 30)),
            Option(r1, 30_000, new DateOnly(2026, 6, 30), instalment: true),
            Option(r3, 30_000, new DateOnly(2026, 12, 31), instalment: true)));

        var pdf = await PdfAsync(r2);

        Assert.Equal(4, await Reader.PageCountAsync(pdf));
        Assert.Equal([$"PAGOPA|002|{single}|77777777777|90000"], await Reader.QrCodesAsync(pdf, 1));
        Assert.Equal([$"PAGOPA|002|{r1}|77777777777|30000"], await Reader.QrCodesAsync(pdf, 2));
        Assert.Equal([$"PAGOPA|002|{r2}|77777777777|30000"], await Reader.QrCodesAsync(pdf, 3));
        Assert.Equal([$"PAGOPA|002|{r3}|77777777777|30000"], await Reader.QrCodesAsync(pdf, 4));
        var text = await Reader.TextAsync(pdf);
        Assert.Contains("Rata unica", text, StringComparison.Ordinal);
        Assert.Contains("Rata 2 di 3", text, StringComparison.Ordinal);
        Assert.Contains("31/12/2026", text, StringComparison.Ordinal);
        Assert.Contains("in 3 rate", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_highest_version_wins_whatever_the_delivery_order_and_a_redelivery_changes_nothing()
    {
        var nav = NewNav();
        var newer = Changed("TARI-VER-1", 5, "VALID", Option(nav, 50_000, new DateOnly(2026, 10, 31)));
        var messageId = Guid.NewGuid();
        await _bus.PublishAsync(newer, messageId);
        await PdfAsync(nav);
        var olderId = Guid.NewGuid();
        await _bus.PublishAsync(newer, messageId);
        await _bus.PublishAsync(Changed("TARI-VER-1", 4, "VALID", Option(nav, 99_900, new DateOnly(2026, 10, 31))), olderId);
        // Counted by message id: other tests' messages may still be in flight on this fixture's bus.
        await app.Deliveries.OfAsync(messageId, 2);
        await app.Deliveries.OfAsync(olderId);

        var text = await Reader.TextAsync(await PdfAsync(nav));

        Assert.Contains("500,00 €", text, StringComparison.Ordinal);
        Assert.DoesNotContain("999,00", text, StringComparison.Ordinal);
        Assert.Equal(5, await app.Database.ScalarAsync<long>("SELECT version FROM iuv_issuance.notice_positions WHERE iupd = 'TARI-VER-1'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM iuv_issuance.inbox_messages WHERE message_id = '{messageId}'"));
    }

    [Fact]
    public async Task Twenty_versions_published_at_once_in_shuffled_order_leave_the_highest()
    {
        var nav = NewNav();
        var versions = Enumerable.Range(1, 20).OrderBy(_ => Random.Shared.Next()).ToList();

        await Task.WhenAll(versions.Select(v => _bus.PublishAsync(
            Changed("TARI-RACE-1", v, "VALID", Option(nav, 100_000 + v, new DateOnly(2026, 10, 31))))));

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            "SELECT version FROM iuv_issuance.notice_positions WHERE iupd = 'TARI-RACE-1'") == 20, TimeSpan.FromSeconds(60), "version 20 stored");
        Assert.Contains("1.000,20 €", await Reader.TextAsync(await PdfAsync(nav)), StringComparison.Ordinal);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM iuv_issuance.notice_navs WHERE nav = '{nav}'"));
    }

    [Fact]
    public async Task A_newer_version_that_replaces_a_notice_number_makes_the_old_one_unknown_and_prints_the_new_one()
    {
        var iupd = $"TARI-NAV-{Guid.NewGuid():N}"[..24];
        var (oldNav, kept, newNav) = (NewNav(), NewNav(), NewNav());
        await _bus.PublishAsync(Changed(iupd, 1, "VALID",
            Option(oldNav, 10_000, new DateOnly(2026, 10, 31), instalment: true), Option(kept, 20_000, new DateOnly(2026, 11, 30), instalment: true)));
        await PdfAsync(oldNav);

        await _bus.PublishAsync(Changed(iupd, 2, "VALID",
            Option(kept, 20_000, new DateOnly(2026, 11, 30), instalment: true), Option(newNav, 30_000, new DateOnly(2026, 12, 31), instalment: true)));

        Assert.Contains("300,00 €", await Reader.TextAsync(await PdfAsync(newNav)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(oldNav)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(kept)).StatusCode);
        Assert.Equal(2, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM iuv_issuance.notice_navs WHERE iupd = '{iupd}'"));
    }

    [Fact]
    public async Task A_fine_lists_its_reduced_ordinary_and_increased_amounts_from_the_newest_schedule()
    {
        var nav = NewNav();
        await _bus.PublishAsync(Changed("CDS-FINE-1", 2, "VALID", Option(nav, 10_000, new DateOnly(2026, 5, 4), description: "Verbale CdS n. 123/2026")));
        await _bus.PublishAsync(Schedule(nav, "CDS-FINE-1", 2, 7_000, 10_000, 20_000));
        await _bus.PublishAsync(Schedule(nav, "CDS-FINE-1", 1, 6_000, 9_000, 18_000));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM iuv_issuance.inbox_messages WHERE consumer LIKE '%amount-schedule%'") == 2, TimeSpan.FromSeconds(20), "both schedules consumed");

        var text = await Reader.TextAsync(await PdfAsync(nav));

        Assert.Contains("Ridotto: 70,00 € fino al 10/03/2026", text, StringComparison.Ordinal);
        Assert.Contains("Ordinario: 100,00 € dal 11/03/2026 al 04/05/2026", text, StringComparison.Ordinal);
        Assert.Contains("Maggiorato: 200,00 € dal 05/05/2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain("60,00", text, StringComparison.Ordinal);
    }

    private static Contracts.Actualisation.AmountScheduleComputed Schedule(string nav, string iupd, long version, long reduced, long ordinary, long increased) =>
        new(Ec, iupd, nav[1..], version,
        [
            new(null, new DateOnly(2026, 3, 10), reduced, [new(1, reduced)], "reduced-30"),
            new(new DateOnly(2026, 3, 11), new DateOnly(2026, 5, 4), ordinary, [new(1, ordinary)], "ordinary"),
            new(new DateOnly(2026, 5, 5), null, increased, [new(1, increased)], "increased"),
        ], DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_unknown_NAV_is_a_404_problem_and_a_malformed_one_a_400_field_error()
    {
        var response = await _client.GetAsync($"/api/iuv/organizations/{Ec}/notices/{NewNav()}.pdf");
        var malformed = await _client.GetAsync($"/api/iuv/organizations/{Ec}/notices/30100000000000014X.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("nav", out _));
    }

    [Fact]
    public async Task A_paid_position_or_a_paid_instalment_is_a_409_problem_naming_the_status()
    {
        var (paid, instalmentPaid, instalmentOpen) = (NewNav(), NewNav(), NewNav());
        await _bus.PublishAsync(Changed("TARI-PAID-1", 1, "VALID", Option(paid, 10_000, new DateOnly(2026, 5, 31))));
        await PdfAsync(paid);
        await _bus.PublishAsync(Changed("TARI-PAID-1", 2, "PAID", Option(paid, 10_000, new DateOnly(2026, 5, 31), status: "PO_PAID")));
        await _bus.PublishAsync(Changed("TARI-PART-1", 3, "PARTIALLY_PAID",
            Option(instalmentPaid, 10_000, new DateOnly(2026, 5, 31), instalment: true, status: "PO_PAID"),
            Option(instalmentOpen, 10_000, new DateOnly(2026, 8, 31), instalment: true)));

        // Until the PAID version arrives the notice is still served (200); any other answer fails at once.
        var response = await Eventually.AnswersAsync(() => Get(paid), TimeSpan.FromSeconds(20), "the paid position is refused",
            expected: HttpStatusCode.Conflict, notYet: HttpStatusCode.OK);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PAID", problem.GetProperty("positionStatus").GetString());

        var open = await PdfAsync(instalmentOpen);
        Assert.Equal(1, await Reader.PageCountAsync(open));
        Assert.Contains("Rata 2 di 2", await Reader.TextAsync(open), StringComparison.Ordinal);
        var paidInstalment = await Get(instalmentPaid);
        Assert.Equal(HttpStatusCode.Conflict, paidInstalment.StatusCode);
        Assert.Equal("PO_PAID", (await paidInstalment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("positionStatus").GetString());
    }

    private Task<HttpResponseMessage> Get(string nav) => NoticeDownloads.GetAsync(_client, nav);

    private Task<byte[]> PdfAsync(string nav) => NoticeDownloads.PdfAsync(_client, nav);

    private static string Group(string nav) => $"{nav[..4]} {nav[4..8]} {nav[8..12]} {nav[12..16]} {nav[16..]}";
}
