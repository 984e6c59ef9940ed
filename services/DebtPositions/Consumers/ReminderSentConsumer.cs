using Contracts.Actualisation;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Consumers;

// Writes each reminder step into the position's history ("reminder-sent", cause "dunning:<step>"), at the time it was
// sent. The inbox makes a redelivery write nothing; a position unknown here (deleted) is ignored.
internal sealed class ReminderSentConsumer(DebtPositionsDb db) : IConsumer<ReminderSent>
{
    public const string Change = "reminder-sent";

    public async Task Consume(ConsumeContext<ReminderSent> context)
    {
        var sent = context.Message;
        var position = await db.Positions.SingleOrDefaultAsync(
            p => p.OrganizationFiscalCode == sent.OrganizationFiscalCode && p.Iupd == sent.Iupd, context.CancellationToken);
        if (position is null) return;
        position.Note(Change, "dunning:" + sent.Step,
            $"notice {sent.NoticeNumber}, due {sent.DueDate:yyyy-MM-dd}, {sent.AmountCents} cents: {string.Join(", ", sent.Channels)}", sent.OccurredAt);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
