using Contracts.DebtPositions;
using MassTransit;
using NodeAdapter.Notices;

namespace NodeAdapter.Consumers;

/// <summary>A position's change into the read model of payable notices (<see cref="NoticeProjection"/>), with the inbox row.</summary>
internal sealed class DebtPositionChangedConsumer(NodeAdapterDb db, TimeProvider time) : IConsumer<DebtPositionChanged>
{
    public Task Consume(ConsumeContext<DebtPositionChanged> context) =>
        NoticeProjection.ApplyAsync(db, [context.Message.Position], time.GetUtcNow(), copyFirst: false, context.CancellationToken);
}
