namespace Reporting.Treasury;

// One movement of a statement, as read, with the flow id or IUV its remittance names. Which flow it pays is decided
// in the database views from the current state (ADR 0027), unless an operator decided by hand.
internal sealed class TreasuryMovement
{
    public const string ManuallyMatched = "matched";
    public const string ManuallyUnmatched = "unmatched";

    private TreasuryMovement() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public long FileId { get; private set; }
    public string Position { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Account { get; private set; } = "";
    public string Currency { get; private set; } = "";
    public bool IsCredit { get; private set; }
    public long AmountCents { get; private set; }
    public DateOnly BookingDate { get; private set; }
    public DateOnly? ValueDate { get; private set; }
    public string? BankReference { get; private set; }
    public string? Trn { get; private set; }
    public string? EndToEndId { get; private set; }
    public string? Counterparty { get; private set; }
    public string Remittance { get; private set; } = "";
    public int? ProvisionalYear { get; private set; }
    public string? ProvisionalNumber { get; private set; }
    public string? FlowId { get; private set; }
    public string? Iuv { get; private set; }
    public string? ManualState { get; private set; }
    public string? ManualFlowId { get; private set; }
    public string? ManualReason { get; private set; }
    public string? ManualBy { get; private set; }
    public DateTimeOffset? ManualAt { get; private set; }
    // The movement of an earlier file this one repeats (then its kind is Duplicate).
    public long? DuplicateOf { get; private set; }

    public static TreasuryMovement From(string organization, long fileId, StatementMovement m, long? duplicateOf)
    {
        var reading = Treasury.Remittance.Read(m.Remittance);
        return new TreasuryMovement
        {
            OrganizationFiscalCode = organization,
            FileId = fileId,
            Position = m.Where,
            Kind = duplicateOf is null ? MovementKind.Of(m, reading) : MovementKind.Duplicate,
            DuplicateOf = duplicateOf,
            Account = m.Account,
            Currency = m.Currency,
            IsCredit = m.IsCredit,
            AmountCents = m.AmountCents,
            BookingDate = m.BookingDate,
            ValueDate = m.ValueDate,
            BankReference = m.BankReference,
            Trn = m.Trn,
            EndToEndId = m.EndToEndId,
            Counterparty = m.Counterparty,
            Remittance = m.Remittance,
            ProvisionalYear = m.ProvisionalYear,
            ProvisionalNumber = m.ProvisionalNumber,
            FlowId = reading.FlowId,
            Iuv = reading.Iuv,
        };
    }

    public bool CanBeMatched => Kind is MovementKind.Collection or MovementKind.Reversal or MovementKind.Debit;

    public TreasuryDecision MatchByHand(string flowId, string reason, string by, DateTimeOffset now)
    {
        (ManualState, ManualFlowId, ManualReason, ManualBy, ManualAt) = (ManuallyMatched, flowId, reason, by, now);
        return TreasuryDecision.Of(this, "match", flowId, reason, by, now);
    }

    public TreasuryDecision UnmatchByHand(string reason, string by, DateTimeOffset now)
    {
        (ManualState, ManualFlowId, ManualReason, ManualBy, ManualAt) = (ManuallyUnmatched, null, reason, by, now);
        return TreasuryDecision.Of(this, "unmatch", null, reason, by, now);
    }
}

// An operator's decision on a movement, kept forever (the table refuses updates and deletes).
internal sealed class TreasuryDecision
{
    private TreasuryDecision() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public long MovementId { get; private set; }
    public string Action { get; private set; } = "";
    public string? FlowId { get; private set; }
    public string Reason { get; private set; } = "";
    public string DecidedBy { get; private set; } = "";
    public DateTimeOffset DecidedAt { get; private set; }

    public static TreasuryDecision Of(TreasuryMovement movement, string action, string? flowId, string reason, string by, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = movement.OrganizationFiscalCode,
        MovementId = movement.Id,
        Action = action,
        FlowId = flowId,
        Reason = reason,
        DecidedBy = by,
        DecidedAt = now,
    };
}
