using Contracts.DebtPositions;
using MassTransit;

namespace Reporting.Consumers;

/// <summary>A bulk import's chunk, the same as one <see cref="DebtPositionChangedConsumer"/> message per position, in one statement.</summary>
internal sealed class DebtPositionsImportedConsumer(ReportingDb db) : IConsumer<DebtPositionsImported>
{
    public Task Consume(ConsumeContext<DebtPositionsImported> context) =>
        PositionTransfers.UpsertAsync(db, context.Message.Positions, context.CancellationToken);
}
