using Contracts.DebtPositions;
using DebtPositions.Gpd;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Bulk;

// The first history entries of an imported position, told by its import instead of two rows per position written by
// the import (ADR 0011; the import's per-row cost stays a COPY): "created" (version 1, DRAFT) when the position was
// inserted and, when the import published it, "published" (version 2) at the same instant, with the import's cause.
// Later changes are ordinary history rows. The import's cause comes with the position, in the statement that finds it.
internal static class ImportedHistory
{
    public static Task<HistoryHead?> FindAsync(DebtPositionsDb db, string organizationFiscalCode, string iupd, CancellationToken ct) =>
        db.Database.SqlQuery<HistoryHead>($"""
            SELECT p.id AS "Id", p.import_id AS "ImportId", p.inserted_date AS "InsertedDate", p.publish_date AS "PublishDate",
                   p.validity_date AS "ValidityDate", i.cause AS "ImportCause"
            FROM debt_positions.positions p LEFT JOIN debt_positions.imports i ON i.id = p.import_id
            WHERE p.organization_fiscal_code = {organizationFiscalCode} AND p.iupd = {iupd}
            """).SingleOrDefaultAsync(ct);

    public static List<HistoryResponse> Entries(HistoryHead head)
    {
        if (head.ImportId is not { } importId) return [];
        var cause = head.ImportCause ?? $"import:{importId}";
        var detail = $"import {importId}";
        var history = new List<HistoryResponse> { new(1, "created", null, PositionStatus.Draft, cause, detail, head.InsertedDate) };
        // The import publishes with the instant it creates with; a later publication (API) is a history row of its own.
        if (head.PublishDate == head.InsertedDate)
            history.Add(new(2, DebtPositionChanges.Published, PositionStatus.Draft,
                Position.PublishedStatusAt(head.ValidityDate, head.InsertedDate), cause, detail, head.InsertedDate));
        return history;
    }
}

// A position as its history needs it: its id, and what its import (if any) did to it.
internal sealed class HistoryHead
{
    public long Id { get; init; }
    public Guid? ImportId { get; init; }
    public DateTimeOffset InsertedDate { get; init; }
    public DateTimeOffset? PublishDate { get; init; }
    public DateTimeOffset? ValidityDate { get; init; }
    public string? ImportCause { get; init; }
}
