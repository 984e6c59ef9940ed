namespace Contracts.Reporting;

/// <summary>
/// Rows of a reporting-flow revision (and the flow itself) that reconciliation could not match cleanly when the
/// revision was stored: one event per stored revision that has any. A row matched later (a receipt arriving after the
/// flow) is announced by <see cref="TransfersReconciled"/>, not by a retraction of this event.
/// </summary>
/// <param name="OrganizationFiscalCode">The EC.</param>
/// <param name="FlowId">The reporting flow.</param>
/// <param name="Anomalies">The anomalies, in row order; a flow-level one (totals-mismatch) has no IUV.</param>
/// <param name="OccurredAt">When the revision was stored.</param>
public sealed record ReconciliationAnomaliesFound(
    string OrganizationFiscalCode,
    string FlowId,
    IReadOnlyList<ReconciliationAnomaly> Anomalies,
    DateTimeOffset OccurredAt);

/// <summary>
/// One anomaly: <paramref name="Kind"/> is missing-receipt, amount-mismatch, duplicate, revoked, stand-in, no-rpt or
/// totals-mismatch (docs/notes/Reporting.md). <paramref name="Matched"/> is true when a receipt matched the row
/// anyway (a stand-in payment whose receipt is here, for instance).
/// </summary>
public sealed record ReconciliationAnomaly(
    string Kind,
    string? Iuv,
    string? Iur,
    int? IdTransfer,
    long? AmountCents,
    int? Outcome,
    bool Matched);
