using Actualisation.Rules;
using Contracts.Actualisation;
using Contracts.DebtPositions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;

namespace Actualisation.Consumers;

/// <summary>
/// Keeps the amount schedule of every notice of a payable position and announces it when it changes.
/// Version-guarded: an event not newer than the last one processed for the position changes nothing,
/// so duplicates and late, older snapshots are harmless.
/// </summary>
internal sealed class DebtPositionChangedConsumer(ActualisationDb db, NoticeScheduling scheduling, Dunning.DunningNotices dunning, TimeProvider time)
    : IConsumer<DebtPositionChanged>
{
    // Statuses in which notices can be paid (GPD: VALID, PARTIALLY_PAID) or will be (PUBLISHED, before the validity date).
    public static readonly HashSet<string> Payable = ["PUBLISHED", "VALID", "PARTIALLY_PAID"];

    public async Task Consume(ConsumeContext<DebtPositionChanged> context)
    {
        var position = context.Message.Position;
        var now = time.GetUtcNow();
        var ct = context.CancellationToken;
        var seen = await db.Positions.SingleOrDefaultAsync(
            p => p.OrganizationFiscalCode == position.OrganizationFiscalCode && p.Iupd == position.Iupd, ct);
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
        await dunning.FollowAsync(position, context.Message.OccurredAt, ct);
        await db.SaveChangesAsync(ct);
    }

    private Task Schedule(DebtPositionSnapshot position, PaymentOptionSnapshot option, AmountSchedule? schedule, CancellationToken ct)
    {
        var input = new ScheduleInput(option.ActualisationRule, option.AmountCents,
            option.Transfers.Select(t => new TransferAmount(t.IdTransfer, t.AmountCents)).ToList(), option.NotificationDate, option.Metadata, option.DueDate);
        // A notice keeps the table version it was first computed with, unless the operator applied a new one to open positions.
        return scheduling.ApplyAsync(position.OrganizationFiscalCode, position.Iupd, option.Iuv, position.Version, input, schedule, schedule?.TableVersion, ct);
    }
}
