namespace Reporting;

// One row (datiSingoliPagamenti) of a flow's current revision and its reconciliation outcome.
internal sealed class FlowRow
{
    private FlowRow() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string FlowId { get; private set; } = "";
    public int RowIndex { get; private set; }
    public string Iuv { get; private set; } = "";
    public string Iur { get; private set; } = "";
    public int IdTransfer { get; private set; }
    public long AmountCents { get; private set; }
    public int Outcome { get; private set; }
    public DateOnly PayDate { get; private set; }
    public string MatchStatus { get; private set; } = Reporting.MatchStatus.Unmatched;
    public string? Anomaly { get; private set; }
    public DateTimeOffset? MatchedAt { get; private set; }

    public (string Iuv, string Iur, int IdTransfer) Key => (Iuv, Iur, IdTransfer);

    // Matches the row against the paid transfer with the same key, if any. Returns true only when this match
    // reconciles the transfer for the first time (the caller announces it). A receipt that arrives after its flow
    // goes through here; a flow arriving is classified by the same rules in SQL (FlowRowsMatch): they change
    // together.
    public bool Evaluate(PaidTransfer? paid, DateTimeOffset now)
    {
        if (Outcome == 3)
        {
            (MatchStatus, Anomaly) = (Reporting.MatchStatus.Revoked, AnomalyKind.Revoked);
            return false;
        }
        if (paid is null)
        {
            (MatchStatus, Anomaly) = (Reporting.MatchStatus.Unmatched, AnomalyKind.OfOutcome(Outcome) ?? AnomalyKind.MissingReceipt);
            return false;
        }
        if (paid.ReconciledFlowId is { } other && other != FlowId)
        {
            (MatchStatus, Anomaly) = (Reporting.MatchStatus.Duplicate, AnomalyKind.Duplicate);
            return false;
        }
        if (paid.AmountCents != AmountCents)
        {
            (MatchStatus, Anomaly) = (Reporting.MatchStatus.Unmatched, AnomalyKind.AmountMismatch);
            return false;
        }
        (MatchStatus, Anomaly, MatchedAt) = (Reporting.MatchStatus.Matched, AnomalyKind.OfOutcome(Outcome), now);
        return paid.Reconcile(FlowId, now);
    }
}
