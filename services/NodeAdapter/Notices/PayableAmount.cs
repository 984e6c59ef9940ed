using Contracts.DebtPositions;

namespace NodeAdapter.Notices;

/// <summary>One transfer with the amount due for it today.</summary>
internal sealed record DueTransfer(TransferSnapshot Transfer, long AmountCents);

/// <summary>
/// The amount due on a notice on a given day: the amount-schedule step containing that day when a
/// schedule computed from the notice's current content exists, else the option's own amounts.
/// The total is always the sum of the transfers (the Node rejects anything else).
/// </summary>
internal sealed record PayableAmount(long AmountCents, IReadOnlyList<DueTransfer> Transfers, string Source)
{
    public static PayableAmount? For(PayableNotice notice, AmountSchedule? schedule, DateOnly day)
    {
        var transfers = notice.GetTransfers();
        if (schedule is not null && schedule.PositionVersion >= notice.ContentVersion
            && FromSchedule(transfers, schedule, day) is { } scheduled)
            return scheduled;
        var total = transfers.Sum(t => t.AmountCents);
        // An option whose amount differs from its transfers cannot be answered consistently.
        if (transfers.Count == 0 || total != notice.AmountCents) return null;
        return new PayableAmount(total, transfers.Select(t => new DueTransfer(t, t.AmountCents)).ToList(), "option");
    }

    private static PayableAmount? FromSchedule(IReadOnlyList<TransferSnapshot> transfers, AmountSchedule schedule, DateOnly day)
    {
        var step = schedule.GetSteps().FirstOrDefault(s =>
            (s.ValidFrom is null || s.ValidFrom <= day) && (s.ValidUntil is null || s.ValidUntil >= day));
        if (step is null || step.Transfers.Count != transfers.Count || step.AmountCents != step.Transfers.Sum(t => t.AmountCents))
            return null;
        var due = new List<DueTransfer>(transfers.Count);
        foreach (var transfer in transfers)
        {
            var amount = step.Transfers.FirstOrDefault(t => t.IdTransfer == transfer.IdTransfer);
            if (amount is null || amount.AmountCents <= 0) return null;
            due.Add(new DueTransfer(transfer, amount.AmountCents));
        }
        return new PayableAmount(step.AmountCents, due, "schedule:" + step.Reason);
    }
}
