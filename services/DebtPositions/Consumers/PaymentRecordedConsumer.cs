using Contracts.Receipts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;

namespace DebtPositions.Consumers;

// A notice was paid: the option becomes PO_PAID and the position PARTIALLY_PAID or PAID. Transfers a reporting flow
// reported before this receipt arrived are applied now, so the order of the two events does not matter. A second
// delivery finds the option already paid and changes nothing.
//
// A batch at a time (ADR 0063): one lookup, one lock and one load of every position the batch pays, one transaction.
// Each payment is then applied in arrival order exactly as it would be alone, so two payments of one position in the
// same batch give the same two changes and events as two single messages.
internal sealed class PaymentRecordedConsumer(
    DebtPositionsDb db, Coercive.SuccessorSettlement successors, TimeProvider time, ILogger<PaymentRecordedConsumer> logger)
    : IConsumer<Batch<PaymentRecorded>>
{
    public Task Consume(ConsumeContext<Batch<PaymentRecorded>> context) =>
        db.ConsumeBatchAsync(context, time, async payments =>
        {
            var ct = context.CancellationToken;
            var owners = await OwnersAsync(payments, ct);
            var ids = owners.Values.Distinct().ToList();
            if (ids.Count == 0) return;
            await using var tx = await db.LockPositionsAsync(ids, ct);
            // Savepoints only serve a caller that catches a failed save: here any failure rolls the batch back.
            db.Database.AutoSavepointsEnabled = false;
            var positions = await db.Positions.Whole()
                .Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var reports = await ReportsAsync(positions.Values, ct);
            var now = time.GetUtcNow();
            foreach (var m in payments)
            {
                if (!owners.TryGetValue((m.OrganizationFiscalCode, m.Iuv), out var id)) continue;
                var position = positions[id];
                var cause = "receipt:" + m.ReceiptId;
                if (!position.RecordPayment(m.Iuv, m.ReceiptId, m.PaymentDateTime, m.PspId, m.AmountCents, cause, now)) continue;
                var reported = reports[position.Id].ToList();
                if (reported.Count > 0) position.ApplyReports(reported, "flow:" + reported[0].FlowId, now);
                db.PublishChange(position, cause, time);
                // A cancelled notice paid after all: its successor is settled or reduced in the same transaction (ADR 0050).
                if (position.ReissuedAs is not null) await successors.ApplyAsync(position, m, ct);
            }
            // A concurrent change to one of the positions fails the version check: the batch is retried message by message.
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });

    // The position of each paid notice; a notice not ours (another station's IUV) or deleted is left to Reporting,
    // which classifies such receipts as anomalies.
    private async Task<Dictionary<(string, string), long>> OwnersAsync(IReadOnlyList<PaymentRecorded> payments, CancellationToken ct)
    {
        var organizations = payments.Select(p => p.OrganizationFiscalCode).Distinct().ToList();
        var iuvs = payments.Select(p => p.Iuv).Distinct().ToList();
        var paid = payments.Select(p => (p.OrganizationFiscalCode, p.Iuv)).ToHashSet();
        // The query crosses every EC with every IUV of the batch: keep only the notices actually paid.
        var owners = (await db.PaymentOptions.Where(o => organizations.Contains(o.OrganizationFiscalCode) && iuvs.Contains(o.Iuv))
                .Select(o => new { o.OrganizationFiscalCode, o.Iuv, o.PositionId }).ToListAsync(ct))
            .Where(o => paid.Contains((o.OrganizationFiscalCode, o.Iuv)))
            .ToDictionary(o => (o.OrganizationFiscalCode, o.Iuv), o => o.PositionId);
        foreach (var m in payments.Where(m => !owners.ContainsKey((m.OrganizationFiscalCode, m.Iuv))))
            logger.LogWarning("Payment {ReceiptId} for unknown notice {Organization}/{Iuv} ignored", m.ReceiptId, m.OrganizationFiscalCode, m.Iuv);
        return owners;
    }

    // What flows already reported for any notice of these positions, per position.
    private async Task<ILookup<long, ReportedTransfer>> ReportsAsync(ICollection<Position> positions, CancellationToken ct)
    {
        var organizations = positions.Select(p => p.OrganizationFiscalCode).Distinct().ToList();
        var iuvs = positions.SelectMany(p => p.Options).Select(o => o.Iuv).Distinct().ToList();
        var reported = await db.ReportedTransfers
            .Where(r => organizations.Contains(r.OrganizationFiscalCode) && iuvs.Contains(r.Iuv)).ToListAsync(ct);
        var owner = positions.SelectMany(p => p.Options.Select(o => (Key: (p.OrganizationFiscalCode, o.Iuv), p.Id)))
            .ToDictionary(x => x.Key, x => x.Id);
        // As above, the query may return another EC's notice that shares an IUV with one of these: it is not theirs.
        return reported.Where(r => owner.ContainsKey((r.OrganizationFiscalCode, r.Iuv)))
            .ToLookup(r => owner[(r.OrganizationFiscalCode, r.Iuv)]);
    }
}
