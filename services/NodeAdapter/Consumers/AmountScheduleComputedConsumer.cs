using Contracts.Actualisation;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using NodeAdapter.Notices;

namespace NodeAdapter.Consumers;

// Keeps the latest amount schedule of each notice (highest position version wins).
internal sealed class AmountScheduleComputedConsumer(NodeAdapterDb db, TimeProvider time) : IConsumer<AmountScheduleComputed>
{
    public async Task Consume(ConsumeContext<AmountScheduleComputed> context)
    {
        var computed = context.Message;
        var schedule = await db.AmountSchedules.SingleOrDefaultAsync(
            s => s.OrganizationFiscalCode == computed.OrganizationFiscalCode && s.Iuv == computed.Iuv, context.CancellationToken);
        if (schedule is null) db.AmountSchedules.Add(AmountSchedule.Create(computed, time.GetUtcNow()));
        else schedule.Apply(computed, time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
