using System.Globalization;
using Contracts.Receipts;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Coercive;

// A receipt for a notice cancelled by a re-issue (a stand-in payment, a PSP that took the money before the
// cancellation): the station accepted it, as it must, and the old position recorded it; here the new position learns
// of it in the same transaction, so the debtor is never asked to pay twice (ADR 0050): - paid before the re-issue and
// at least the debt S, or at least what the new notice asks: the new position is settled; - otherwise the new notice
// is reduced by what was paid; - the new position already paid or no longer payable: nothing changes, the money is to
// be refunded. Each case is an anomaly for the operator (GET …/coercive/anomalies) and a line in the new position's
// history.
internal sealed class SuccessorSettlement(DebtPositionsDb db, TimeProvider time, ILogger<SuccessorSettlement> logger)
{
    // Within the caller's transaction, which holds the old position's lock; the caller saves.
    public async Task ApplyAsync(Position old, PaymentRecorded m, CancellationToken ct)
    {
        var successorId = await db.Positions.Where(p => p.OrganizationFiscalCode == old.OrganizationFiscalCode && p.Iupd == old.ReissuedAs)
            .Select(p => p.Id).SingleAsync(ct);
        // The successor was created after the old one: its id is higher, so every locker still locks in ascending order.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM debt_positions.positions WHERE id = {successorId} FOR UPDATE", ct);
        var successor = (await db.LoadAsync(old.OrganizationFiscalCode, old.ReissuedAs!, ct))!;
        var now = time.GetUtcNow();
        var cause = "receipt:" + m.ReceiptId;
        var paid = $"receipt {m.ReceiptId} of cancelled notice {m.NoticeNumber} ({m.AmountCents} cents, paid {m.PaymentDateTime:O}{(m.StandIn ? ", stand-in" : "")})";
        var (kind, detail) = Apply(successor, m, old.ReissuedAt, paid, cause, now);
        // A flow that reported the old notice before its receipt arrived has reported the money that settled the new one too.
        foreach (var (receiptId, flowId) in old.ReportedReceipts().Where(r => r.ReceiptId == m.ReceiptId))
            successor.ReportWithPredecessor(receiptId, flowId, cause, now);
        db.PublishChange(successor, cause, time);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO debt_positions.reissue_anomalies (organization_fiscal_code, receipt_id, iuv, old_iupd, new_iupd, kind, paid_cents, detail, occurred_at)
            VALUES ({m.OrganizationFiscalCode}, {m.ReceiptId}, {m.Iuv}, {old.Iupd}, {successor.Iupd}, {kind}, {m.AmountCents}, {detail}, {now})
            """, ct);
        logger.LogWarning("Payment {ReceiptId} of cancelled notice {Nav}: {Kind} on {Successor}", m.ReceiptId, m.NoticeNumber, kind, successor.Iupd);
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

// What a payment of a cancelled notice did to the new position.
internal static class ReissueAnomalyKinds
{
    public const string Settled = "settled";
    public const string Reduced = "reduced";
    public const string RefundDue = "refund-due";
}
