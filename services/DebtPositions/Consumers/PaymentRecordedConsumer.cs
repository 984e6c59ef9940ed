using Contracts.Receipts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Consumers;

/// <summary>
/// A notice was paid: the option becomes PO_PAID and the position PARTIALLY_PAID or PAID. Transfers a
/// reporting flow reported before this receipt arrived are applied now, so the order of the two events
/// does not matter. A second delivery finds the option already paid and changes nothing.
/// </summary>
internal sealed class PaymentRecordedConsumer(
    DebtPositionsDb db, Coercive.SuccessorSettlement successors, TimeProvider time, ILogger<PaymentRecordedConsumer> logger)
    : IConsumer<PaymentRecorded>
{
    public async Task Consume(ConsumeContext<PaymentRecorded> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var positionId = await db.PaymentOptions.Where(o => o.OrganizationFiscalCode == m.OrganizationFiscalCode && o.Iuv == m.Iuv)
            .Select(o => (long?)o.PositionId).SingleOrDefaultAsync(ct);
        if (positionId is null)
        {
            // Not ours (another station's IUV) or deleted: Reporting classifies such receipts as anomalies.
            logger.LogWarning("Payment {ReceiptId} for unknown notice {Organization}/{Iuv} ignored", m.ReceiptId, m.OrganizationFiscalCode, m.Iuv);
            return;
        }
        await using var tx = await db.LockPositionsAsync([positionId.Value], ct);
        var position = await db.Positions.Include(p => p.Options).ThenInclude(o => o.Transfers).AsSplitQuery()
            .SingleAsync(p => p.Id == positionId, ct);
        var now = time.GetUtcNow();
        var cause = "receipt:" + m.ReceiptId;
        if (!position.RecordPayment(m.Iuv, m.ReceiptId, m.PaymentDateTime, m.PspId, m.AmountCents, cause, now))
        {
            await tx.CommitAsync(ct); // nothing changed here; the inbox row still goes in with the filter's save
            return;
        }

        var iuvs = position.Options.Select(o => o.Iuv).ToList();
        var reports = await db.ReportedTransfers
            .Where(r => r.OrganizationFiscalCode == m.OrganizationFiscalCode && iuvs.Contains(r.Iuv)).ToListAsync(ct);
        if (reports.Count > 0) position.ApplyReports(reports, "flow:" + reports[0].FlowId, now);
        db.PublishChange(position, cause, time);
        // A cancelled notice paid after all: its successor is settled or reduced in the same transaction (ADR 0050).
        if (position.ReissuedAs is not null) await successors.ApplyAsync(position, m, ct);
        // A concurrent change to the same position fails the version check and the message is retried.
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
