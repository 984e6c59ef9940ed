using Contracts.DebtPositions;
using MassTransit;

namespace Reporting.Consumers;

/// <summary>Keeps the EC's view of the position's transfers and their chapter and assessment (<see cref="PositionTransfers"/>).</summary>
internal sealed class DebtPositionChangedConsumer(ReportingDb db) : IConsumer<DebtPositionChanged>
{
    public Task Consume(ConsumeContext<DebtPositionChanged> context) =>
        PositionTransfers.UpsertAsync(db, [context.Message.Position], context.CancellationToken);
}
