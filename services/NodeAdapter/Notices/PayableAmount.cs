using Contracts.DebtPositions;
using ServiceDefaults.Web;

namespace NodeAdapter.Notices;

// One transfer with the amount due for it today.
internal sealed record DueTransfer(TransferSnapshot Transfer, long AmountCents);

// The amount due today, or why the station cannot answer one and what is wrong.
internal readonly record struct AmountDue(PayableAmount? Amount, NoticeRefusal? Refusal, string? Problem);

// The amount due on a notice on a given day: the amount-schedule step containing that day when a schedule computed
// from the notice's current content exists, else the option's own amounts. The total is always the sum of the
// transfers (the Node rejects anything else), and every amount fits stAmountNotZero (0.01..999999999.99): an answer
// outside it would be schema-invalid.
internal sealed record PayableAmount(long AmountCents, IReadOnlyList<DueTransfer> Transfers, string Source)
{
    public static PayableAmount? For(PayableNotice notice, AmountSchedule? schedule, DateOnly day) => Due(notice, schedule, day).Amount;

    public static AmountDue Due(PayableNotice notice, AmountSchedule? schedule, DateOnly day)
    {
        var transfers = notice.GetTransfers();
        if (schedule is not null && schedule.PositionVersion >= notice.ContentVersion
            && FromSchedule(transfers, schedule, day) is { } scheduled)
            return scheduled;
        var due = transfers.Select(t => new DueTransfer(t, t.AmountCents)).ToList();
        if (OutOfRange(due) is { } refused) return refused;
        var total = Total(due);
        // An option whose amount differs from its transfers cannot be answered consistently.
        if (due.Count == 0 || total != notice.AmountCents)
            return new(null, NoticeRefusal.Inconsistent, "the option amount differs from the sum of its transfers");
        return InRange(new PayableAmount(total, due, "option"));
    }

    // Null when no usable step applies today (the option's own amounts then stand).
    private static AmountDue? FromSchedule(IReadOnlyList<TransferSnapshot> transfers, AmountSchedule schedule, DateOnly day)
    {
        var step = schedule.GetSteps().FirstOrDefault(s =>
            (s.ValidFrom is null || s.ValidFrom <= day) && (s.ValidUntil is null || s.ValidUntil >= day));
        if (step is null || step.Transfers.Count != transfers.Count) return null;
        var due = new List<DueTransfer>(transfers.Count);
        foreach (var transfer in transfers)
        {
            var amount = step.Transfers.FirstOrDefault(t => t.IdTransfer == transfer.IdTransfer);
            if (amount is null || amount.AmountCents <= 0) return null;
            due.Add(new DueTransfer(transfer, amount.AmountCents));
        }
        // Too large is not a computation to ignore: the option's amount would silently replace what is due.
        if (OutOfRange(due) is { } refused) return refused;
        var total = Total(due);
        return step.AmountCents == total ? InRange(new PayableAmount(total, due, "schedule:" + step.Reason)) : null;
    }

    // The request is right and retrying cannot change the stored notice: a refusal of the notice, not our failure.
    private static AmountDue? OutOfRange(List<DueTransfer> due)
    {
        foreach (var d in due)
            if (!IsPayable(d.AmountCents))
                return new(null, NoticeRefusal.OutOfRange, $"transfer {d.Transfer.IdTransfer} amount of {d.AmountCents} cents is outside stAmountNotZero (0.01..999999999.99)");
        return null;
    }

    private static AmountDue InRange(PayableAmount amount) => IsPayable(amount.AmountCents)
        ? new(amount, null, null)
        : new(null, NoticeRefusal.OutOfRange, $"amount of {amount.AmountCents} cents is above stAmount's 999999999.99");

    // pagoPA's stAmountNotZero: 0.01 to 999,999,999.99 euro (the station's answer cannot carry more).
    private static bool IsPayable(long cents) => cents is >= 1 and <= RequestBounds.MaxAmountCents;

    // Checked: after OutOfRange at most five amounts below 10^11 each, so an overflow is a bug.
    private static long Total(List<DueTransfer> due)
    {
        var total = 0L;
        foreach (var d in due) total = checked(total + d.AmountCents);
        return total;
    }
}
