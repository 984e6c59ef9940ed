namespace Reporting.Classification;

// A row of the view reporting.transfer_reconciliation : one transfer key and what each source says of it.
internal sealed class TransferReconciliation
{
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Iur { get; private set; } = "";
    public int IdTransfer { get; private set; }
    public long? PaidCents { get; private set; }
    public DateTimeOffset? PaymentDateTime { get; private set; }
    public string? PspId { get; private set; }
    public long? ReceiptCents { get; private set; }
    public string? Category { get; private set; }
    public string? FlowId { get; private set; }
    public long? ReportedCents { get; private set; }
    public int? Outcome { get; private set; }
    public string? FlowPspId { get; private set; }
    public DateOnly? RegulationDate { get; private set; }
    public long? FlowTotalCents { get; private set; }
    public long? FlowCashedCents { get; private set; }
    public long[]? FlowMovementIds { get; private set; }
    public DateOnly? FlowBookingDate { get; private set; }
    public long? IuvCashedCents { get; private set; }
    public long[]? IuvMovementIds { get; private set; }
    public DateOnly? IuvBookingDate { get; private set; }
    public string? Iupd { get; private set; }
    public long? ExpectedCents { get; private set; }
    public string? OptionStatus { get; private set; }
    public string? AccountingChapter { get; private set; }
    public string? AccountingAssessment { get; private set; }
    public bool ReportedTwice { get; private set; }
    public string[] Labels { get; private set; } = [];
    public string State { get; private set; } = "";
}

// A row of the view reporting.movement_reconciliation : which flow or IUV a movement pays, and its label.
internal sealed class MovementReconciliation
{
    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public bool IsCredit { get; private set; }
    public long AmountCents { get; private set; }
    public DateOnly BookingDate { get; private set; }
    public string? ReadFlowId { get; private set; }
    public string? ReadIuv { get; private set; }
    public string? ManualState { get; private set; }
    public string? MatchedFlowId { get; private set; }
    public string? MatchedIuv { get; private set; }
    public long SignedCents { get; private set; }
    public long? FlowCashedCents { get; private set; }
    public long? FlowTotalCents { get; private set; }
    public string? Label { get; private set; }
}
