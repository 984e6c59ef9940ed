using Contracts.DebtPositions;

namespace DebtPositions;

// Coercive collection (docs/coercive.md): a position is cancelled and re-issued as a new one, and each points to the
// other. A payment of the cancelled notice that arrives later settles or reduces the new one.
internal sealed partial class Position
{
    // The IUPD of the position that replaced this one for coercive collection.
    public string? ReissuedAs { get; private set; }
    // The IUPD of the position this one replaced.
    public string? ReissueOf { get; private set; }
    // When this position was cancelled and re-issued.
    public DateTimeOffset? ReissuedAt { get; private set; }

    // Only an unpaid position the station could still take money for, not re-issued already.
    public string? ReissueRefusal()
    {
        if (ReissuedAs is not null) return $"position {Iupd} was already re-issued as {ReissuedAs}";
        if (Status is not (PositionStatus.Valid or PositionStatus.Expired))
            return $"position {Iupd} is {Status}: only a VALID or EXPIRED position can be re-issued";
        return _options.Any(o => o.IsPaid) ? $"position {Iupd} has paid notices" : null;
    }

    // INVALID with its successor: the station answers its notices PAA_PAGAMENTO_ANNULLATO.
    public void CancelForReissue(string successor, string successorNav, string cause, DateTimeOffset now)
    {
        (ReissuedAs, ReissuedAt) = (successor, now);
        Record(DebtPositionChanges.Invalidated, PositionStatus.Invalid, cause,
            $"cancelled for coercive collection: re-issued as {successor} (notice {successorNav})", now);
    }

    // The new position, published at once, pointing back to predecessor.
    public static Position Reissue(Position predecessor, string iupd, PositionContent content, string cause, DateTimeOffset now)
    {
        var position = new Position { OrganizationFiscalCode = predecessor.OrganizationFiscalCode, Iupd = iupd, InsertedDate = now };
        position.SetContent(content, now);
        foreach (var option in content.Options) position._options.Add(PaymentOption.Create(predecessor.OrganizationFiscalCode, option, now));
        position.ReissueOf = predecessor.Iupd;
        position.ReissuedAt = now;
        position.Record("created", PositionStatus.Draft, cause, $"re-issue of {predecessor.Iupd} for coercive collection", now);
        position.PublishDate = now;
        position.Record(DebtPositionChanges.Published, PositionStatus.Valid, cause, null, now);
        return position;
    }

    // The cancelled notice was paid after all and that payment covers this debt: every notice is settled by the
    // predecessor's receipt, so the station answers this position's notices as already paid.
    public bool SettleByPredecessor(string receiptId, DateTimeOffset paymentDate, string? psp, string cause, string detail, DateTimeOffset now)
    {
        if (Status is not (PositionStatus.Valid or PositionStatus.Expired or PositionStatus.Published)) return false;
        // The money is counted on the cancelled notice that took it: counted here too, a statement would show it twice.
        foreach (var option in _options.Where(o => !o.IsPaid)) option.MarkPaid(receiptId, paymentDate, psp, amountPaid: 0, now);
        PaymentDate = paymentDate;
        Record(DebtPositionChanges.Paid, PositionStatus.Paid, cause, detail, now);
        return true;
    }

    // Settled by receiptId of the cancelled notice, this position is reported when that receipt is: the flow that
    // reported the old notice reported the money that settled this one (ADR 0050).
    public bool ReportWithPredecessor(string receiptId, string flowId, string cause, DateTimeOffset now)
    {
        if (Status != PositionStatus.Paid) return false;
        var changed = false;
        foreach (var option in _options) changed |= option.ReportedWithPredecessor(receiptId, flowId, now);
        if (!changed) return false;
        var fullyReported = _options.Where(o => o.IsPaid).All(o => o.Status == OptionStatus.Reported);
        Record(fullyReported ? DebtPositionChanges.Reported : DebtPositionChanges.Updated, fullyReported ? PositionStatus.Reported : Status, cause,
            $"receipt {receiptId} of {ReissueOf} reported in flow {flowId}", now);
        return true;
    }

    // The receipts of this cancelled position's notices that a flow has reported in full, with that flow.
    public IEnumerable<(string ReceiptId, string FlowId)> ReportedReceipts() =>
        _options.Where(o => o.Status == OptionStatus.Reported && o.IdReceipt is not null && o.IdFlowReporting is not null)
            .Select(o => (o.IdReceipt!, o.IdFlowReporting!));

    // The cancelled notice was paid after all, for less than this debt: what is still due drops by that amount (the
    // rule's paid input too, so the station's schedule drops with it).
    public bool ReduceByPredecessor(long paidCents, IReadOnlyDictionary<int, long> creditedPerTransfer, string cause, string detail, DateTimeOffset now)
    {
        if (Status is not (PositionStatus.Valid or PositionStatus.Expired or PositionStatus.Published)) return false;
        var option = _options.Single(o => !o.IsPaid);
        if (paidCents <= 0 || paidCents >= option.Amount) return false;
        option.ReduceBy(paidCents, creditedPerTransfer, now);
        Record(DebtPositionChanges.Updated, Status == PositionStatus.Expired ? PositionStatus.Valid : Status, cause, detail, now);
        return true;
    }
}
