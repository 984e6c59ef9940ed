using System.Globalization;
using Contracts.Receipts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Coercive;

/// <summary>
/// A receipt for a notice cancelled by a re-issue (a stand-in payment, a PSP that took the money before the
/// cancellation). The station accepted it, as it must, and <see cref="Consumers.PaymentRecordedConsumer"/> marks the
/// old position paid; here the new position learns of it, so the debtor is never asked to pay twice (ADR 0050):
/// - paid before the re-issue and at least the debt S, or at least what the new notice asks: the new position is settled;
/// - otherwise the new notice is reduced by what was paid;
/// - the new position already paid: nothing changes, the money is to be refunded.
/// Each case is an anomaly for the operator (GET …/coercive/anomalies) and a line in the new position's history.
/// The anomaly row (unique per EC and receipt) makes a second delivery change nothing.
/// </summary>
internal sealed class PredecessorPaymentConsumer(DebtPositionsDb db, TimeProvider time, ILogger<PredecessorPaymentConsumer> logger)
    : IConsumer<PaymentRecorded>
{
    public async Task Consume(ConsumeContext<PaymentRecorded> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var old = await db.Positions.AsNoTracking()
            .Where(p => p.OrganizationFiscalCode == m.OrganizationFiscalCode && p.ReissuedAs != null && p.Options.Any(o => o.Iuv == m.Iuv))
            .Select(p => new { p.Iupd, Successor = p.ReissuedAs!, p.ReissuedAt }).SingleOrDefaultAsync(ct);
        if (old is null) return;
        var successorId = await db.Positions.Where(p => p.OrganizationFiscalCode == m.OrganizationFiscalCode && p.Iupd == old.Successor)
            .Select(p => p.Id).SingleAsync(ct);

        await using var tx = await db.LockPositionsAsync([successorId], ct);
        var known = await db.Database.SqlQuery<int>(
            $"SELECT 1 AS \"Value\" FROM debt_positions.reissue_anomalies WHERE organization_fiscal_code = {m.OrganizationFiscalCode} AND receipt_id = {m.ReceiptId}")
            .AnyAsync(ct);
        if (known)
        {
            await tx.CommitAsync(ct);
            return;
        }
        var successor = (await db.LoadAsync(m.OrganizationFiscalCode, old.Successor, ct))!;
        var now = time.GetUtcNow();
        var cause = "receipt:" + m.ReceiptId;
        var paid = $"receipt {m.ReceiptId} of cancelled notice {m.NoticeNumber} ({m.AmountCents} cents, paid {m.PaymentDateTime:O}{(m.StandIn ? ", stand-in" : "")})";
        var (kind, detail) = Apply(successor, m, old.ReissuedAt, paid, cause, now);
        db.PublishChange(successor, cause, time);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO debt_positions.reissue_anomalies (organization_fiscal_code, receipt_id, iuv, old_iupd, new_iupd, kind, paid_cents, detail, occurred_at)
            VALUES ({m.OrganizationFiscalCode}, {m.ReceiptId}, {m.Iuv}, {old.Iupd}, {old.Successor}, {kind}, {m.AmountCents}, {detail}, {now})
            """, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogWarning("Payment {ReceiptId} of cancelled notice {Nav}: {Kind} on {Successor}", m.ReceiptId, m.NoticeNumber, kind, old.Successor);
    }

    private static (string Kind, string Detail) Apply(Position successor, PaymentRecorded m, DateTimeOffset? reissuedAt, string paid, string cause, DateTimeOffset now)
    {
        var option = successor.Options.FirstOrDefault(o => !o.IsPaid);
        if (successor.Status is not (PositionStatus.Valid or PositionStatus.Expired or PositionStatus.Published) || option is null)
            return (ReissueAnomalyKinds.RefundDue, $"{paid}: {successor.Iupd} is {successor.Status}, nothing more is due; refund {m.AmountCents} cents");
        var debt = option.MetadataEntries.FirstOrDefault(e => e.Key == "actualisation.S")?.Value is { } s
            && long.TryParse(s, CultureInfo.InvariantCulture, out var capital) ? capital : option.Amount;
        // Money taken before the cancellation paid the debt as it stood then: the coercive charges were never due.
        var owed = m.PaymentDateTime <= reissuedAt ? Math.Min(debt, option.Amount) : option.Amount;
        if (m.AmountCents >= owed)
        {
            var over = m.AmountCents - owed;
            var detail = $"{paid} settles {successor.Iupd}" + (over > 0 ? $"; {over} cents paid over what was due, to refund" : "");
            successor.SettleByPredecessor(m.ReceiptId, m.PaymentDateTime, m.PspId, cause, detail, now);
            return (ReissueAnomalyKinds.Settled, detail);
        }
        var reduced = $"{paid} reduces {successor.Iupd} from {option.Amount} to {option.Amount - m.AmountCents} cents";
        successor.ReduceByPredecessor(m.AmountCents,
            m.Transfers.GroupBy(t => t.IdTransfer).ToDictionary(g => g.Key, g => g.Sum(t => t.AmountCents)), cause, reduced, now);
        return (ReissueAnomalyKinds.Reduced, reduced);
    }
}

/// <summary>What a payment of a cancelled notice did to the new position.</summary>
internal static class ReissueAnomalyKinds
{
    public const string Settled = "settled";
    public const string Reduced = "reduced";
    public const string RefundDue = "refund-due";
}
