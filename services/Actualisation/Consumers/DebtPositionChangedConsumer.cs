using Actualisation.Rules;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Actualisation.Consumers;

// Keeps the amount schedule of every notice of a payable position and announces it when it changes. Version-guarded:
// an event not newer than the last one processed for the position changes nothing, so duplicates and late, older
// snapshots are harmless. A batch at a time (ADR 0063, ADR 0099): one transaction, and one read each of the positions
// seen, the stored schedules and the dunning notices for the whole batch, however many positions it holds; of several
// events of one position in a batch only the newest counts (the first copy of it to arrive), as it would after the
// older ones one by one.
internal sealed class DebtPositionChangedConsumer(ActualisationDb db, NoticeScheduling scheduling, Dunning.DunningNotices dunning, TimeProvider time)
    : IConsumer<Batch<DebtPositionChanged>>
{
    // Statuses in which notices can be paid (GPD: VALID, PARTIALLY_PAID) or will be (PUBLISHED, before the validity date).
    public static readonly HashSet<string> Payable = ["PUBLISHED", "VALID", "PARTIALLY_PAID"];

    public Task Consume(ConsumeContext<Batch<DebtPositionChanged>> context) =>
        db.ConsumeBatchAsync(context, time, async events =>
        {
            var ct = context.CancellationToken;
            await using var tx = await db.Database.BeginOwnedTransactionAsync(ct);
            var newest = events
                .GroupBy(e => (e.Position.OrganizationFiscalCode, e.Position.Iupd))
                .Select(g => g.First(e => e.Position.Version == g.Max(x => x.Position.Version)))
                .ToList();
            var seen = await SeenAsync(newest, ct);
            var advanced = newest.Where(changed => Advance(changed.Position, seen.GetValueOrDefault((changed.Position.OrganizationFiscalCode, changed.Position.Iupd))))
                .ToList();
            if (advanced.Count > 0)
            {
                var schedules = await SchedulesAsync([.. advanced.Select(c => c.Position).Where(p => Payable.Contains(p.Status))], ct);
                var notices = await dunning.KnownAsync([.. advanced.Select(c => c.Position)], ct);
                foreach (var changed in advanced) await FollowAsync(changed, schedules, notices, ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });

    private async Task<Dictionary<(string, string), PositionSeen>> SeenAsync(List<DebtPositionChanged> events, CancellationToken ct)
    {
        var keys = events.Select(e => (e.Position.OrganizationFiscalCode, e.Position.Iupd)).ToHashSet();
        var organizations = keys.Select(k => k.OrganizationFiscalCode).Distinct().ToList();
        var iupds = keys.Select(k => k.Iupd).Distinct().ToList();
        return (await db.Positions.Where(p => organizations.Contains(p.OrganizationFiscalCode) && iupds.Contains(p.Iupd)).ToListAsync(ct))
            .Where(p => keys.Contains((p.OrganizationFiscalCode, p.Iupd)))
            .ToDictionary(p => (p.OrganizationFiscalCode, p.Iupd));
    }

    // The version guard: false when the position's event is not newer than the one last processed.
    private bool Advance(DebtPositionSnapshot position, PositionSeen? seen)
    {
        var now = time.GetUtcNow();
        if (seen is not null) return seen.Advance(position.Version, position.Status, now);
        db.Positions.Add(PositionSeen.First(position.OrganizationFiscalCode, position.Iupd, position.Version, position.Status, now));
        return true;
    }

    // The stored schedules of the notices of positions, by (organization, IUV), read as SeenAsync reads positions.
    private async Task<Dictionary<(string, string), AmountSchedule>> SchedulesAsync(List<DebtPositionSnapshot> positions, CancellationToken ct)
    {
        if (positions.Count == 0) return [];
        var keys = positions.SelectMany(p => p.Options.Select(o => (p.OrganizationFiscalCode, o.Iuv))).ToHashSet();
        var organizations = keys.Select(k => k.OrganizationFiscalCode).Distinct().ToList();
        var iuvs = keys.Select(k => k.Iuv).Distinct().ToList();
        return (await db.AmountSchedules.Where(s => organizations.Contains(s.OrganizationFiscalCode) && iuvs.Contains(s.Iuv)).ToListAsync(ct))
            .Where(s => keys.Contains((s.OrganizationFiscalCode, s.Iuv)))
            .ToDictionary(s => (s.OrganizationFiscalCode, s.Iuv));
    }

    private async Task FollowAsync(DebtPositionChanged changed, Dictionary<(string, string), AmountSchedule> schedules,
        IReadOnlyDictionary<(string, string), Dunning.DunningNotice> notices, CancellationToken ct)
    {
        var position = changed.Position;
        if (Payable.Contains(position.Status))
            foreach (var option in position.Options)
                await Schedule(position, option, schedules.GetValueOrDefault((position.OrganizationFiscalCode, option.Iuv)), ct);
        dunning.Follow(position, changed.OccurredAt, notices);
    }

    private Task Schedule(DebtPositionSnapshot position, PaymentOptionSnapshot option, AmountSchedule? schedule, CancellationToken ct)
    {
        var input = new ScheduleInput(option.ActualisationRule, option.AmountCents,
            option.Transfers.Select(t => new TransferAmount(t.IdTransfer, t.AmountCents)).ToList(), option.NotificationDate, option.Metadata, option.DueDate);
        // A notice keeps the table version it was first computed with, unless the operator applied a new one to open positions.
        return scheduling.ApplyAsync(position.OrganizationFiscalCode, position.Iupd, option.Iuv, position.Version, input, schedule, schedule?.TableVersion, ct);
    }
}
