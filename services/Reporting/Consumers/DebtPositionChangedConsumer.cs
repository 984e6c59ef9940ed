using Contracts.DebtPositions;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Reporting.Consumers;

/// <summary>
/// Keeps the EC's own view of each transfer (the "IUD" source of the classification) and its accounting
/// imputation (revenue type, chapter, assessment) for the exports. The latest position version wins.
/// </summary>
internal sealed class DebtPositionChangedConsumer(ReportingDb db) : IConsumer<DebtPositionChanged>
{
    public async Task Consume(ConsumeContext<DebtPositionChanged> context)
    {
        var position = context.Message.Position;
        foreach (var option in position.Options)
        foreach (var t in option.Transfers)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO reporting.position_transfers (organization_fiscal_code, iuv, id_transfer, iupd, position_version, option_status,
                    amount_cents, category, accounting_chapter, accounting_assessment, description)
                VALUES ({position.OrganizationFiscalCode}, {option.Iuv}, {t.IdTransfer}, {position.Iupd}, {position.Version}, {option.Status},
                    {t.AmountCents}, {t.Category}, {t.AccountingChapter}, {t.AccountingAssessment}, {option.Description})
                ON CONFLICT (organization_fiscal_code, iuv, id_transfer) DO UPDATE SET
                    iupd = excluded.iupd, position_version = excluded.position_version, option_status = excluded.option_status,
                    amount_cents = excluded.amount_cents, category = excluded.category, accounting_chapter = excluded.accounting_chapter,
                    accounting_assessment = excluded.accounting_assessment, description = excluded.description
                WHERE reporting.position_transfers.position_version <= excluded.position_version
                """, context.CancellationToken);
    }
}
