using Contracts.Receipts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Actualisation.Dunning;

/// <summary>
/// A payment stops the notice's reminders the moment it is archived, before the position's own change arrives. A payment
/// for a notice not known yet leaves a paid row that the position event then fills in.
/// </summary>
internal sealed class DunningPaymentConsumer(ActualisationDb db, TimeProvider time) : IConsumer<PaymentRecorded>
{
    public async Task Consume(ConsumeContext<PaymentRecorded> context)
    {
        var paid = context.Message;
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        // One transaction with the inbox row: one commit per payment, not one for the update and one for the inbox.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One statement: a reminder holding the notice's row makes it wait, and then it wins over whatever follows.
        var updated = await db.Set<DunningNotice>()
            .Where(n => n.OrganizationFiscalCode == paid.OrganizationFiscalCode && n.Iuv == paid.Iuv && n.PaidAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.PaidAt, now), ct);
        if (updated == 0 && !await db.Set<DunningNotice>().AnyAsync(n => n.OrganizationFiscalCode == paid.OrganizationFiscalCode && n.Iuv == paid.Iuv, ct))
        {
            var notice = DunningNotice.Create(paid.OrganizationFiscalCode, paid.Iuv);
            notice.Paid(now);
            db.Add(notice);
        }
        // A position event creating the notice meanwhile makes this a unique violation: the retry then finds and marks it.
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
