using Actualisation.Rules;
using Actualisation.Rules.Formal;
using Contracts.Actualisation;
using ServiceDefaults.Messaging;

namespace Actualisation;

// Computes a notice's schedule (legacy rules, or a formal rule with the EC's table), stores it and, when it changed,
// announces it through the outbox. Used on position changes, at midnight and on table changes.
internal sealed class NoticeScheduling(
    ActualisationDb db, AmountRules rules, FormalScheduler formal, ActualisationMetrics metrics, TimeProvider time, ILogger<NoticeScheduling> logger)
{
    // Returns true when the schedule changed and was announced. The caller saves.
    public async Task<bool> ApplyAsync(string organization, string iupd, string iuv, long positionVersion, ScheduleInput input,
        AmountSchedule? schedule, int? tableVersion, CancellationToken ct)
    {
        ScheduleResult result;
        FormalScheduleResult? followed = null;
        if (FormalRules.IsFormal(input.Rule))
        {
            followed = await formal.ComputeAsync(organization, input, tableVersion, ct);
            result = followed.Result;
        }
        else result = rules.Compute(input);
        if (!result.IsValid)
        {
            // The notice must stay payable: its printed (ordinary) amount is the safe answer; ops see the warning and the counter.
            logger.LogWarning("Rule {Rule} not applicable to {Organization}/{Iuv}: {Errors}; constant amount used",
                input.Rule, organization, iuv, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            metrics.FellBack(input.Rule ?? AmountRules.Constant);
            result = AmountRules.ConstantSchedule(input);
        }
        if (schedule is null)
        {
            schedule = AmountSchedule.Create(organization, iuv);
            db.AmountSchedules.Add(schedule);
        }
        schedule.Follow(followed is null ? null : input, followed?.RevenueType, followed?.TableVersion);
        var now = time.GetUtcNow();
        if (!schedule.Record(iupd, positionVersion, result.Rule, result.Steps, now)) return false;
        db.AddToOutbox(new AmountScheduleComputed(organization, iupd, iuv, positionVersion, result.Steps, now), time);
        metrics.Published(result.Rule);
        return true;
    }
}
