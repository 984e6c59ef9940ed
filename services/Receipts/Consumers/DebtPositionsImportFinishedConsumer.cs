using Contracts.DebtPositions;
using MassTransit;
using Receipts.Webhooks;

namespace Receipts.Consumers;

// Turns the end of a bulk import into an import.finished webhook.
internal sealed class DebtPositionsImportFinishedConsumer(ReceiptsDb db, TimeProvider time) : IConsumer<DebtPositionsImportFinished>
{
    public async Task Consume(ConsumeContext<DebtPositionsImportFinished> context)
    {
        var finished = context.Message;
        WebhookEvent.Raise(db, finished.OrganizationFiscalCode, WebhookEventTypes.ImportFinished, finished.ImportId.ToString(),
            ImportFinishedData.From(finished), time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
