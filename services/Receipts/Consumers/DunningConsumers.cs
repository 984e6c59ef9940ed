using Contracts.Actualisation;
using MassTransit;
using Receipts.Webhooks;

namespace Receipts.Consumers;

// Turns a reminder sent to a citizen into the reminder.sent webhook (data: the event as published).
internal sealed class ReminderSentConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<ReminderSent>
{
    public async Task Consume(ConsumeContext<ReminderSent> context)
    {
        var sent = context.Message;
        WebhookEvent.Raise(db, sent.OrganizationFiscalCode, WebhookEventTypes.ReminderSent, sent.Iuv, sent, time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

// Turns an EC's daily overdue summary into the position.overdue webhook (subject: the day).
internal sealed class PositionsOverdueConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<PositionsOverdue>
{
    public async Task Consume(ConsumeContext<PositionsOverdue> context)
    {
        var overdue = context.Message;
        WebhookEvent.Raise(db, overdue.OrganizationFiscalCode, WebhookEventTypes.PositionOverdue, overdue.Day.ToString("yyyy-MM-dd"), overdue,
            time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
