using Contracts.DebtPositions;
using MassTransit;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Reporting.Consumers;

// Keeps the EC's view of the position's transfers and their chapter and assessment (PositionTransfers), a batch at a
// time with its inbox rows in one transaction (ADR 0063). Of several changes of one position in a batch the latest is
// applied (the upsert keeps the highest version anyway, and one statement may not write a row twice), in key order,
// so that two batches lock the rows they share in the same order.
internal sealed class DebtPositionChangedConsumer(ReportingDb db, TimeProvider time) : IConsumer<Batch<DebtPositionChanged>>
{
    public Task Consume(ConsumeContext<Batch<DebtPositionChanged>> context) =>
        db.ConsumeBatchAsync(context, time, async changes =>
        {
            var ct = context.CancellationToken;
            await using var tx = await db.Database.BeginOwnedTransactionAsync(ct);
            await PositionTransfers.UpsertAsync(db, Latest(changes), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });

    private static List<DebtPositionSnapshot> Latest(IReadOnlyList<DebtPositionChanged> changes) =>
        [.. changes.Select(c => c.Position).GroupBy(p => (p.OrganizationFiscalCode, p.Iupd)).Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(p => p.OrganizationFiscalCode, StringComparer.Ordinal).ThenBy(p => p.Iupd, StringComparer.Ordinal)];
}
