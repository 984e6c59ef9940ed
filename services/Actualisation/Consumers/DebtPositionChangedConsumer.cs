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
internal sealed class DebtPositionChangedConsumer(
    ActualisationDb db, AmountRules rules, ActualisationMetrics metrics, TimeProvider time, ILogger<DebtPositionChangedConsumer> logger)
    : IConsumer<DebtPositionChanged>
{
    // Statuses in which notices can be paid (GPD: VALID, PARTIALLY_PAID) or will be (PUBLISHED, before the validity date).
    private static readonly HashSet<string> Payable = ["PUBLISHED", "VALID", "PARTIALLY_PAID"];

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
                Schedule(position, option, stored.GetValueOrDefault(option.Iuv), now);
        }
        await db.SaveChangesAsync(ct);
    }

    private void Schedule(DebtPositionSnapshot position, PaymentOptionSnapshot option, AmountSchedule? schedule, DateTimeOffset now)
    {
        var input = new ScheduleInput(option.ActualisationRule, option.AmountCents,
            option.Transfers.Select(t => new TransferAmount(t.IdTransfer, t.AmountCents)).ToList(), option.NotificationDate, option.Metadata);
        var result = rules.Compute(input);
        if (!result.IsValid)
        {
            // The notice must stay payable: its printed (ordinary) amount is the safe answer; ops see the warning and the counter.
            logger.LogWarning("Rule {Rule} not applicable to {Organization}/{Iuv}: {Errors}; constant amount used",
                option.ActualisationRule, position.OrganizationFiscalCode, option.Iuv, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
            metrics.FellBack(option.ActualisationRule ?? AmountRules.Constant);
            result = AmountRules.ConstantSchedule(input);
        }
        if (schedule is null)
        {
            schedule = AmountSchedule.Create(position.OrganizationFiscalCode, option.Iuv);
            db.AmountSchedules.Add(schedule);
        }
        if (!schedule.Record(position.Iupd, position.Version, result.Rule, result.Steps, now)) return;
        db.AddToOutbox(new AmountScheduleComputed(position.OrganizationFiscalCode, position.Iupd, option.Iuv, position.Version, result.Steps, now), time);
        metrics.Published(result.Rule);
    }
}
