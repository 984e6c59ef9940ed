using NodeAdapter.Notices;
using NodeAdapter.Soap;
using ServiceDefaults.Time;

namespace NodeAdapter.Receipts;

// Why a receipt needs an operator's eye. A receipt is never refused for these: the money has been taken, so it is
// stored, published and flagged (issue: "never dropped").
internal static class ReceiptAnomalies
{
    public static string? Find(Contracts.NodeAdapter.ReceiptReceived receipt, NoticeView view, bool paidByAnotherReceipt, bool sameReceiptLogged,
        bool settledByAnotherOption = false, TimeSpan activationWindow = default)
    {
        var found = new List<string>();
        if (receipt.Outcome != "OK") found.Add("outcome-ko");
        if (receipt.StandIn) found.Add("stand-in");
        if (view.Notice is not { } notice)
        {
            found.Add("unknown-notice");
            return string.Join("; ", found);
        }

        if (paidByAnotherReceipt) found.Add("double-payment: another receipt already paid this notice");
        else if (settledByAnotherOption) found.Add("double-payment: a receipt for another option already settled this position");
        else if (!sameReceiptLogged)
        {
            // Judge the notice as it stood when the payment was made, not now.
            if (NoticeStatus.RefusalFor(notice, receiptLogged: false, receipt.PaymentDateTime) is { } refusal) found.Add(Describe(refusal, notice));
        }

        if (AmountMismatch(receipt, notice, view.Schedule, activationWindow) is { } mismatch) found.Add(mismatch);
        return found.Count == 0 ? null : string.Join("; ", found);
    }

    // The amount of the payment's Italian day is due; a session that straddled midnight (activated on the day before,
    // within the token's life) pays the amount the station gave at activation, which is honoured (ADR 0046).
    private static string? AmountMismatch(Contracts.NodeAdapter.ReceiptReceived receipt, PayableNotice notice, AmountSchedule? schedule,
        TimeSpan activationWindow)
    {
        var paymentDay = RomeCalendar.DateOf(receipt.PaymentDateTime);
        var expected = PayableAmount.For(notice, schedule, paymentDay);
        if (expected is null || expected.AmountCents == receipt.AmountCents) return null;
        var earliestActivationDay = RomeCalendar.DateOf(receipt.PaymentDateTime - activationWindow);
        if (earliestActivationDay != paymentDay
            && PayableAmount.For(notice, schedule, earliestActivationDay) is { } activated && activated.AmountCents == receipt.AmountCents)
            return null;
        return $"amount-mismatch: due {SoapText.Euros(expected.AmountCents)}, paid {SoapText.Euros(receipt.AmountCents)}";
    }

    private static string Describe(NoticeRefusal refusal, PayableNotice notice) => refusal switch
    {
        NoticeRefusal.AlreadyPaid => $"double-payment: notice already {notice.PositionStatus}/{notice.OptionStatus}",
        NoticeRefusal.Expired => "notice-expired",
        NoticeRefusal.Cancelled => $"notice-cancelled: position {notice.PositionStatus}",
        _ => $"notice-not-payable: position {notice.PositionStatus}",
    };
}
