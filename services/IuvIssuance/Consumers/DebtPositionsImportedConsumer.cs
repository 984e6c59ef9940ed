using Contracts.DebtPositions;
using IuvIssuance.Notices;
using MassTransit;

namespace IuvIssuance.Consumers;

// A bulk import's chunk into the notice read model: the same projection as a single event (NoticeProjection), trying
// COPYs first since an import's positions are new. The inbox row commits with it.
internal sealed class DebtPositionsImportedConsumer(IuvDb db, TimeProvider time) : IConsumer<DebtPositionsImported>
{
    public Task Consume(ConsumeContext<DebtPositionsImported> context) =>
        NoticeProjection.ApplyAsync(db, context.Message.Positions, time.GetUtcNow(), copyFirst: true, context.CancellationToken);
}
