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
// snapshots are harmless. A batch at a time (ADR 0063, ADR 0099): one transaction and one read of the positions seen
// for the batch; of several events of one position in a batch only the newest counts (the first copy of it to
// arrive), as it would after the older ones one by one.
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
            foreach (var changed in newest) await FollowAsync(changed, seen.GetValueOrDefault((changed.Position.OrganizationFiscalCode, changed.Position.Iupd)), ct);
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

    private async Task FollowAsync(DebtPositionChanged changed, PositionSeen? seen, CancellationToken ct)
    {
        var position = changed.Position;
        var now = time.GetUtcNow();
        if (seen is null) db.Positions.Add(PositionSeen.First(position.OrganizationFiscalCode, position.Iupd, position.Version, position.Status, now));
        else if (!seen.Advance(position.Version, position.Status, now)) return;

        if (Payable.Contains(position.Status))
        {
            var iuvs = position.Options.Select(o => o.Iuv).ToList();
            var stored = await db.AmountSchedules
                .Where(s => s.OrganizationFiscalCode == position.OrganizationFiscalCode && iuvs.Contains(s.Iuv))
                .ToDictionaryAsync(s => s.Iuv, ct);
            foreach (var option in position.Options)
                await Schedule(position, option, stored.GetValueOrDefault(option.Iuv), ct);
        }
        await dunning.FollowAsync(position, changed.OccurredAt, ct);
    }

    private Task Schedule(DebtPositionSnapshot position, PaymentOptionSnapshot option, AmountSchedule? schedule, CancellationToken ct)
    {
        var input = new ScheduleInput(option.ActualisationRule, option.AmountCents,
            option.Transfers.Select(t => new TransferAmount(t.IdTransfer, t.AmountCents)).ToList(), option.NotificationDate, option.Metadata, option.DueDate);
        // A notice keeps the table version it was first computed with, unless the operator applied a new one to open positions.
        return scheduling.ApplyAsync(position.OrganizationFiscalCode, position.Iupd, option.Iuv, position.Version, input, schedule, schedule?.TableVersion, ct);
    }
}
