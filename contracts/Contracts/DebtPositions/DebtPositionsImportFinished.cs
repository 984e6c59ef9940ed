namespace Contracts.DebtPositions;

/// <summary>A bulk import ended: COMPLETED, FAILED or CANCELLED. Published once, with the import's final state.</summary>
/// <param name="ImportId">The import job.</param>
/// <param name="OrganizationFiscalCode">The EC that uploaded it.</param>
/// <param name="Status">COMPLETED, FAILED or CANCELLED.</param>
/// <param name="RowsImported">Positions created.</param>
/// <param name="RowsRejected">Rows refused (their errors are in the import's report).</param>
/// <param name="Failure">Why it failed, when it did.</param>
/// <param name="OccurredAt">When it ended.</param>
public sealed record DebtPositionsImportFinished(
    Guid ImportId,
    string OrganizationFiscalCode,
    string Status,
    long RowsImported,
    long RowsRejected,
    string? Failure,
    DateTimeOffset OccurredAt);
