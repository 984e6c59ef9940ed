using System.Net.Http.Json;
using Contracts.DebtPositions;
using Testing;
using Xunit;

namespace Actualisation.Tests.Dunning;

// Dunning's copy of a notice arrives twice for the same position version when a bulk import's chunk and a position
// event both carry it. ADR 0073: a copy of the same version replaces the kept one only if it was committed strictly
// later, on either path; and an imported notice keeps the revenue type its chunk carries.
public sealed class DunningNoticeCopiesTests(DunningApp app) : IClassFixture<DunningApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Committed = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly July = new(2026, 7, 1), August = new(2026, 8, 1), September = new(2026, 9, 1);
    private readonly HttpClient _api = app.CreateClient();

    [Fact]
    public async Task A_copy_of_the_same_position_version_replaces_the_kept_notice_only_if_it_was_committed_later_on_either_path()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        const string ec = "80000000021";

        // Chunk first, then an event of the same version: the earlier event is a late copy, the later one wins.
        var (late, later) = (Position(ec, July), Position(ec, July));
        await ChunkAsync(bus, Committed.AddSeconds(10), late, later);
        await EventAsync(bus, Committed, late with { Options = [late.Options[0] with { DueDate = August }] });
        await EventAsync(bus, Committed.AddSeconds(20), later with { Options = [later.Options[0] with { DueDate = August }] });
        Assert.Equal(July, await DueDateAsync(late));
        await Eventually.TrueAsync(async () => await DueDateAsync(later) == August, Wait, "the later event replaced the chunk's copy");

        // Event first, then chunks of the same version: the earlier chunk changes nothing, the later one replaces it.
        var known = Position(ec, August);
        await EventAsync(bus, Committed.AddSeconds(10), known);
        await ChunkAsync(bus, Committed, known with { Options = [known.Options[0] with { DueDate = July }] }, Position(ec, July));
        Assert.Equal(August, await DueDateAsync(known));
        await ChunkAsync(bus, Committed.AddSeconds(20), known with { Options = [known.Options[0] with { DueDate = September }] }, Position(ec, July));
        Assert.Equal(September, await DueDateAsync(known));
    }

    [Fact]
    public async Task A_bulk_imported_notice_follows_the_steps_of_the_revenue_type_its_chunk_carries()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        app.Time.Set(new DateTimeOffset(2026, 6, 10, 10, 0, 0, TimeSpan.FromHours(2)));
        const string ec = "80000000022";
        var settings = await _api.PutAsJsonAsync($"/api/actualisation/organizations/{ec}/dunning", new { steps = new[] { 30 }, channels = new[] { "email" } });
        Assert.True(settings.IsSuccessStatusCode, await settings.Content.ReadAsStringAsync());
        var schedule = await _api.PutAsJsonAsync($"/api/actualisation/organizations/{ec}/dunning/schedules/CDS", new { steps = new[] { -7 }, channels = new[] { "email" } });
        Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
        var fine = Position(ec, new DateOnly(2026, 6, 17)) with { RevenueType = "CDS" };

        await ChunkAsync(bus, Committed, fine, Position(ec, July));

        Assert.Equal("CDS", await app.Database.ScalarAsync<string>($"SELECT revenue_type FROM actualisation.dunning_notices WHERE iuv = '{fine.Options[0].Iuv}'"));
        var email = fine.Debtor.Email!;
        List<Mail> mails = [];
        await Eventually.TrueAsync(async () => (mails = await app.MailsToAsync(email)).Count >= 1, Wait, "the CDS step a week before the due date");
        Assert.Contains("3" + fine.Options[0].Iuv, Assert.Single(mails).Subject);
    }

    // A VALID position of version 2 with one unpaid notice due on due, as a chunk or an event carries it.
    private static DebtPositionSnapshot Position(string ec, DateOnly due)
    {
        var iuv = Random.Shared.NextInt64(10_000_000_000_000_000, 99_999_999_999_999_999).ToString();
        var id = Guid.NewGuid().ToString("N");
        return new DebtPositionSnapshot(ec, "IMP-" + iuv, "VALID", 2, "Comune di Prova", null,
            new DebtorSnapshot("F", "RSSMRA80A01H" + id[..4].ToUpperInvariant(), "Luigi Verdi", Email: $"copies-{id[..12]}@example.org"), null, false,
            [
                new PaymentOptionSnapshot(iuv, "3" + iuv, 5_000, "TARI 2026", due, null, false, "PO_UNPAID", null,
                    [new TransferSnapshot(1, 5_000, ec, null, "TARI 2026", "9/0101108TS/", "IT60X0542811101000000123456", null, null, new Dictionary<string, string>())],
                    new Dictionary<string, string>()),
            ]);
    }

    // Publishes a chunk committed at at; returns once it is stored, which its last (new) position shows.
    private async Task ChunkAsync(TestBus bus, DateTimeOffset at, params DebtPositionSnapshot[] positions)
    {
        await bus.PublishAsync(new DebtPositionsImported(Guid.NewGuid(), 0, positions, DebtPositionChanges.Published, "import:test", at));
        await Eventually.TrueAsync(async () => await DueDateAsync(positions[^1]) is not null, Wait, "the chunk reached dunning");
    }

    // Publishes a position event committed at at; returns once Actualisation has taken it.
    private async Task EventAsync(TestBus bus, DateTimeOffset at, DebtPositionSnapshot position)
    {
        await bus.PublishAsync(new DebtPositionChanged(position, DebtPositionChanges.Updated, "api:test", at));
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM actualisation.positions WHERE iupd = '{position.Iupd}'") == 1, Wait, "the event reached Actualisation");
    }

    private async Task<DateOnly?> DueDateAsync(DebtPositionSnapshot position) =>
        await app.Database.ScalarAsync<string>($"SELECT due_date::text FROM actualisation.dunning_notices WHERE iuv = '{position.Options[0].Iuv}'") is { } day
            ? DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
