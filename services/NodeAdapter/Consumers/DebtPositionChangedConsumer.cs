using Contracts.DebtPositions;
using MassTransit;
using NodeAdapter.Notices;

namespace NodeAdapter.Consumers;

/// <summary>Keeps the read model of payable notices (highest position version wins).</summary>
internal sealed class DebtPositionChangedConsumer(NodeAdapterDb db, TimeProvider time) : IConsumer<DebtPositionChanged>
{
    public async Task Consume(ConsumeContext<DebtPositionChanged> context)
    {
        await NoticeProjection.ApplyAsync(db, context.Message.Position, time.GetUtcNow(), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
