using Contracts.DebtPositions;
using MassTransit;

namespace Reporting.Consumers;

// A bulk import's chunk, the same as one DebtPositionChangedConsumer message per position, in one statement.
internal sealed class DebtPositionsImportedConsumer(ReportingDb db) : IConsumer<DebtPositionsImported>
{
    public Task Consume(ConsumeContext<DebtPositionsImported> context) =>
        PositionTransfers.UpsertAsync(db, context.Message.Positions, context.CancellationToken);
}
