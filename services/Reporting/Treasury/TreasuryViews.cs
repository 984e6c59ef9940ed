using Reporting.Classification;

namespace Reporting.Treasury;

// AlreadyKnownMovements: Movements an earlier file already reported: kept with kind duplicate, counted once.
// BalanceCheck: balanced, unbalanced (stored at the operator's request) or not-stated. BalanceGaps: On upload: where
// this file's statements do not chain with the statements before or after them on their account.
internal sealed record StatementView(
    long FileId, string Format, string Version, long SizeBytes, int Movements, string UploadedBy, DateTimeOffset ReceivedAt, bool AlreadyImported,
    int AlreadyKnownMovements, string BalanceCheck, string? BalanceProblems, IReadOnlyList<BalanceGapView>? BalanceGaps = null)
{
    public static StatementView Of(TreasuryFile f, bool alreadyImported) =>
        new(f.Id, f.Format, f.Version, f.SizeBytes, f.MovementCount, f.UploadedBy, f.ReceivedAt, alreadyImported,
            f.AlreadyKnownCount, f.BalanceCheck, f.BalanceProblems);
}

internal sealed record MovementView(
    long Id, long FileId, string Position, string Kind, string Account, string Currency, bool IsCredit, long AmountCents,
    DateOnly BookingDate, DateOnly? ValueDate, string? BankReference, string? Trn, string? EndToEndId, string? Counterparty,
    string Remittance, int? ProvisionalYear, string? ProvisionalNumber, string? ReadFlowId, string? ReadIuv,
    string? MatchedFlowId, string? MatchedIuv, string? Label, string? ManualState, string? ManualReason, string? ManualBy,
    DateTimeOffset? ManualAt, long? DuplicateOf)
{
    public static MovementView Of(TreasuryMovement m, MovementReconciliation? r) => new(
        m.Id, m.FileId, m.Position, m.Kind, m.Account, m.Currency, m.IsCredit, m.AmountCents, m.BookingDate, m.ValueDate,
        m.BankReference, m.Trn, m.EndToEndId, m.Counterparty, m.Remittance, m.ProvisionalYear, m.ProvisionalNumber,
        m.FlowId, m.Iuv, r?.MatchedFlowId, r?.MatchedIuv, r?.Label, m.ManualState, m.ManualReason, m.ManualBy, m.ManualAt, m.DuplicateOf);
}

internal sealed record DecisionView(string Action, string? FlowId, string Reason, string DecidedBy, DateTimeOffset DecidedAt);

internal sealed record MovementDetail(MovementView Movement, DecisionView[] Decisions);

// An operator's match of a movement to a flow of the EC.
internal sealed record MatchRequest(string? FlowId, string? Reason);

// An operator's decision that a movement pays no flow.
internal sealed record UnmatchRequest(string? Reason);
