namespace Contracts.Reporting;

/// <summary>
/// Transfers whose receipt and reporting-flow row matched (same EC, IUV, receipt id, transfer
/// index and amount). One event per reconciliation run of a flow; a transfer appears once.
/// </summary>
/// <param name="OrganizationFiscalCode">The EC.</param>
/// <param name="FlowId">The reporting flow that reported them.</param>
/// <param name="Transfers">The reconciled transfers.</param>
/// <param name="OccurredAt">When the match was committed.</param>
public sealed record TransfersReconciled(
    string OrganizationFiscalCode,
    string FlowId,
    IReadOnlyList<ReconciledTransfer> Transfers,
    DateTimeOffset OccurredAt);

/// <summary>One transfer matched between a receipt and a flow row.</summary>
public sealed record ReconciledTransfer(string Iuv, string ReceiptId, int IdTransfer, long AmountCents, DateOnly RegulationDate);
