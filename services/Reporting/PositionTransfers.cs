using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;

namespace Reporting;

// The EC's own view of each transfer (the "IUD" source of the classification) and its accounting imputation, from
// position snapshots (ADR 0029): one upsert per message, the latest position version wins.
internal static class PositionTransfers
{
    public static Task UpsertAsync(ReportingDb db, IEnumerable<DebtPositionSnapshot> positions, CancellationToken ct)
    {
        var rows = positions.SelectMany(p => p.Options.SelectMany(o => o.Transfers.Select(t => (p, o, t)))).ToList();
        if (rows.Count == 0) return Task.CompletedTask;
        string[] Column(Func<(DebtPositionSnapshot P, PaymentOptionSnapshot O, TransferSnapshot T), string?> value) => rows.Select(r => value(r)!).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO reporting.position_transfers AS x (organization_fiscal_code, iuv, id_transfer, iupd, position_version, option_status,
                amount_cents, category, accounting_chapter, accounting_assessment, description)
            SELECT * FROM unnest({Column(r => r.P.OrganizationFiscalCode)}::text[], {Column(r => r.O.Iuv)}::text[],
                {rows.Select(r => r.t.IdTransfer).ToArray()}::int[], {Column(r => r.P.Iupd)}::text[], {rows.Select(r => r.p.Version).ToArray()}::bigint[],
                {Column(r => r.O.Status)}::text[], {rows.Select(r => r.t.AmountCents).ToArray()}::bigint[], {Column(r => r.T.Category)}::text[],
                {Column(r => r.T.AccountingChapter)}::text[], {Column(r => r.T.AccountingAssessment)}::text[], {Column(r => r.O.Description)}::text[])
            ON CONFLICT (organization_fiscal_code, iuv, id_transfer) DO UPDATE SET
                iupd = excluded.iupd, position_version = excluded.position_version, option_status = excluded.option_status,
                amount_cents = excluded.amount_cents, category = excluded.category, accounting_chapter = excluded.accounting_chapter,
                accounting_assessment = excluded.accounting_assessment, description = excluded.description
            WHERE x.position_version <= excluded.position_version
            """, ct);
    }
}
