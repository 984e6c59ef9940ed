using Contracts.Actualisation;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// The notice's table "amount until each date" (issue 16): the tiers of a formal rule in Italian, a daily tier summed
// up, and the schedule Actualisation recomputed last (same position version, later computation) is the one printed.
public sealed class NoticeScheduleTableTests(IuvApp app) : IClassFixture<IuvApp>, IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Day0 = new(2027, 1, 14, 12, 0, 0, TimeSpan.FromHours(1));
    private readonly HttpClient _client = app.CreateClient();
    private TestBus _bus = null!;

    public async Task InitializeAsync() => _bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
    public async Task DisposeAsync() => await _bus.DisposeAsync();

    // Amounts of RULES.md §3.7 worked by hand for M 42.00, X 173.00, K 12.50, N 14 January 2027 (as in Flows.Tests).
    [Fact]
    public async Task A_fine_prints_the_tiers_of_the_schedule_recomputed_last_and_ignores_an_older_computation_of_the_same_version()
    {
        var nav = NewNav();
        await _bus.PublishAsync(Changed("CDS-FORMAL-1", 1, "VALID", Option(nav, 5_450, new DateOnly(2028, 1, 14), description: "Verbale CdS n. 7/2027")));
        var reduced = new AmountStep(null, new DateOnly(2027, 1, 19), 4_190, [new(1, 4_190)], "reduced");
        var ordinary = new AmountStep(new DateOnly(2027, 1, 20), new DateOnly(2027, 3, 15), 5_450, [new(1, 5_450)], "ordinary");
        var halfMaximum = new AmountStep(new DateOnly(2027, 3, 16), new DateOnly(2027, 9, 15), 10_765, [new(1, 10_765)], "half-maximum+1/10");
        // Day 0, then the recompute of day 61 (same position version), then a stale copy of a computation in between.
        await SendAsync(new(Ec, "CDS-FORMAL-1", nav[1..], 1, [reduced, ordinary], Day0));
        await SendAsync(new(Ec, "CDS-FORMAL-1", nav[1..], 1, [ordinary, halfMaximum], Day0.AddDays(61)));
        await SendAsync(new(Ec, "CDS-FORMAL-1", nav[1..], 1, [reduced with { AmountCents = 3_333 }, ordinary], Day0.AddDays(30)));

        var text = await Reader.TextAsync(await NoticeDownloads.PdfAsync(_client, nav));

        Assert.Contains("Ordinario: 54,50 € dal 20/01/2027 al 15/03/2027", text, StringComparison.Ordinal);
        Assert.Contains("Maggiorato: 107,65 € dal 16/03/2027 al 15/09/2027", text, StringComparison.Ordinal);
        Assert.DoesNotContain("33,33", text, StringComparison.Ordinal);
        Assert.DoesNotContain("41,90", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daily_interest_schedule_prints_its_period_and_first_and_last_amounts_not_a_line_per_day()
    {
        var nav = NewNav();
        await _bus.PublishAsync(Changed("CANONE-INT-1", 1, "VALID", Option(nav, 100_000, new DateOnly(2026, 3, 1), description: "Canone 2026")));
        var start = new DateOnly(2026, 3, 11);
        await SendAsync(new(Ec, "CANONE-INT-1", nav[1..], 1,
            Enumerable.Range(0, 35).Select(d => new AmountStep(start.AddDays(d), start.AddDays(d), 100_044 + 4 * d, [new(1, 100_044 + 4 * d)], "interest")).ToList(),
            DateTimeOffset.UtcNow));

        var text = await Reader.TextAsync(await NoticeDownloads.PdfAsync(_client, nav));

        Assert.Contains("Con interessi dal 11/03/2026 al 14/04/2026:", text, StringComparison.Ordinal);
        Assert.Contains("da 1.000,44 € a 1.001,80 € secondo il giorno", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1.000,48", text, StringComparison.Ordinal);
    }

    // Publishes a schedule and waits until the service's inbox has taken it (this fixture's database is its own).
    private async Task SendAsync(AmountScheduleComputed schedule)
    {
        const string consumed = "SELECT count(*) FROM iuv_issuance.inbox_messages WHERE consumer LIKE '%amount-schedule%'";
        var before = await app.Database.ScalarAsync<long>(consumed);
        await _bus.PublishAsync(schedule);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(consumed) > before, Settle, "the schedule was consumed");
    }
}
