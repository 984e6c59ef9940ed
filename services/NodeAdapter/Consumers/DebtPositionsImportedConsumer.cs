using Contracts.DebtPositions;
using MassTransit;
using NodeAdapter.Notices;

namespace NodeAdapter.Consumers;

// A bulk import's chunk into the read model of payable notices: the same projection as a single event
// (NoticeProjection), trying a COPY first since an import's notices are new. The inbox row commits with it.
internal sealed class DebtPositionsImportedConsumer(NodeAdapterDb db, TimeProvider time) : IConsumer<DebtPositionsImported>
{
    public Task Consume(ConsumeContext<DebtPositionsImported> context) =>
        NoticeProjection.ApplyAsync(db, context.Message.Positions, time.GetUtcNow(), copyFirst: true, context.CancellationToken);
}
