namespace Reporting.Classification;

internal sealed record TransferView(
    string Iuv, string Iur, int IdTransfer, string State, string[] Labels, long? PaidCents, DateTimeOffset? PaymentDateTime, string? PspId,
    string? Category, string? FlowId, long? ReportedCents, DateOnly? RegulationDate, long? FlowTotalCents, long? FlowCashedCents,
    long[] MovementIds, long? IuvCashedCents, string? Iupd, long? ExpectedCents, string? AccountingChapter, string? AccountingAssessment)
{
    public static TransferView Of(TransferReconciliation r) => new(
        r.Iuv, r.Iur, r.IdTransfer, r.State, r.Labels, r.PaidCents, r.PaymentDateTime, r.PspId ?? r.FlowPspId, r.Category, r.FlowId,
        r.ReportedCents, r.RegulationDate, r.FlowTotalCents, r.FlowCashedCents, [.. r.FlowMovementIds ?? [], .. r.IuvMovementIds ?? []],
        r.IuvCashedCents, r.Iupd, r.ExpectedCents, r.AccountingChapter, r.AccountingAssessment);
}

internal sealed record PaymentState(string Iuv, string State, TransferView[] Transfers);

// A flow's money: declared total, what the treasury credited for it, and its transfers' labels.
internal sealed record FlowCashView(
    string FlowId, string PspId, DateOnly RegulationDate, long TotalCents, long CashedCents, string State, long[] MovementIds,
    IReadOnlyDictionary<string, int> Labels, TransferView[] Transfers);

// One anomaly: a transfer label or a treasury movement label that asks an operator to act.
internal sealed record AnomalyItem(
    string Label, string Meaning, string? Iuv, string? Iur, int? IdTransfer, string? FlowId, long? MovementId, long? AmountCents,
    DateOnly? Day, string? PspId);

// One day of an EC: collected (receipts), reported (flows regulated that day), cashed (credits booked that day).
internal sealed record DaySummary(
    DateOnly Day, long CollectedCents, long CollectedTransfers, long ReportedCents, long ReportedTransfers, long CashedCents,
    long UnmatchedTreasuryCents, long CollectedNotReportedCents, long ReportedNotCashedCents);
