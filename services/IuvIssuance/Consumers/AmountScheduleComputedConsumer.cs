using Contracts.Actualisation;
using IuvIssuance.Notices;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IuvIssuance.Consumers;

// Keeps each notice's amount schedule: a newer position version wins, and for the same version the later computation
// (docs/decisions/0073), in any delivery order.
internal sealed class AmountScheduleComputedConsumer(IuvDb db, TimeProvider time) : IConsumer<AmountScheduleComputed>
{
    public async Task Consume(ConsumeContext<AmountScheduleComputed> context)
    {
        var computed = context.Message;
        var schedule = await db.NoticeSchedules.SingleOrDefaultAsync(
            s => s.OrganizationFiscalCode == computed.OrganizationFiscalCode && s.Iuv == computed.Iuv, context.CancellationToken);
        if (schedule is null) db.NoticeSchedules.Add(NoticeSchedule.From(computed, time.GetUtcNow()));
        else if (!schedule.Apply(computed, time.GetUtcNow())) return;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
