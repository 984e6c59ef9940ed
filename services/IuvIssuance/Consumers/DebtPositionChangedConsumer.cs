using Contracts.DebtPositions;
using IuvIssuance.Notices;
using MassTransit;

namespace IuvIssuance.Consumers;

/// <summary>A position's change into the notice read model (<see cref="NoticeProjection"/>), with the inbox row.</summary>
internal sealed class DebtPositionChangedConsumer(IuvDb db, TimeProvider time) : IConsumer<DebtPositionChanged>
{
    public Task Consume(ConsumeContext<DebtPositionChanged> context) =>
        NoticeProjection.ApplyAsync(db, [context.Message.Position], time.GetUtcNow(), copyFirst: false, context.CancellationToken);
}
