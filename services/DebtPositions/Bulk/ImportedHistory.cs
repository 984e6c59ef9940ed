using Contracts.DebtPositions;
using DebtPositions.Gpd;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Bulk;

/// <summary>
/// The first history entries of an imported position, told by its import instead of two rows per position
/// (ADR 0011): "created" (version 1, DRAFT) when the position was inserted and, when the import published it,
/// "published" (version 2) at the same instant, with the import's cause. Later changes are ordinary history rows.
/// </summary>
internal static class ImportedHistory
{
    public static async Task<List<HistoryResponse>> ReadAsync(DebtPositionsDb db, Guid importId, DateTimeOffset insertedAt,
        DateTimeOffset? publishedAt, DateTimeOffset? validityDate, CancellationToken ct)
    {
        var cause = await db.Database
            .SqlQuery<string>($"SELECT cause AS \"Value\" FROM debt_positions.imports WHERE id = {importId}")
            .SingleOrDefaultAsync(ct) ?? $"import:{importId}";
        var detail = $"import {importId}";
        var history = new List<HistoryResponse> { new(1, "created", null, PositionStatus.Draft, cause, detail, insertedAt) };
        // The import publishes with the instant it creates with; a later publication (API) is a history row of its own.
        if (publishedAt == insertedAt)
            history.Add(new(2, DebtPositionChanges.Published, PositionStatus.Draft, Position.PublishedStatusAt(validityDate, insertedAt), cause, detail, insertedAt));
        return history;
    }
}
