using Contracts.DebtPositions;
using MassTransit;
using NodeAdapter.Notices;
using ServiceDefaults.Messaging;

namespace NodeAdapter.Consumers;

// Positions' changes into the notice read model (NoticeProjection), a batch at a time with their inbox rows: one
// transaction per batch (ADR 0063). Of several changes of one position in a batch, the latest is applied: the
// projection keeps the highest version anyway, and one statement may not write a row twice. In key order, so that two
// batches (two replicas) lock the rows they share in the same order.
internal sealed class DebtPositionChangedConsumer(NodeAdapterDb db, TimeProvider time) : IConsumer<Batch<DebtPositionChanged>>
{
    public Task Consume(ConsumeContext<Batch<DebtPositionChanged>> context) =>
        db.ConsumeBatchAsync(context, time, changes => NoticeProjection.ApplyAsync(db, Latest(changes), time.GetUtcNow(), copyFirst: false,
            context.CancellationToken));

    private static List<DebtPositionSnapshot> Latest(IReadOnlyList<DebtPositionChanged> changes) =>
        [.. changes.Select(c => c.Position).GroupBy(p => (p.OrganizationFiscalCode, p.Iupd)).Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(p => p.OrganizationFiscalCode, StringComparer.Ordinal).ThenBy(p => p.Iupd, StringComparer.Ordinal)];
}
