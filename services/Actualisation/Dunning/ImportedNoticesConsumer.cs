using Contracts.DebtPositions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Actualisation.Dunning;

// A bulk import's chunk into dunning's copy of the notices, so that positions imported in bulk (most of an EC's) are
// reminded like those created one by one. One statement per chunk, never a row at a time: a million positions arrive
// in a thousand chunks within the import's time budget (P2). The rows are Of, the projection the single events use;
// the same rule as Follow decides which copy wins (ADR 0073), and a payment recorded before the chunk keeps its
// paid_at . The inbox row commits in the same transaction.
internal sealed class ImportedNoticesConsumer(ActualisationDb db, TimeProvider time) : IConsumer<DebtPositionsImported>
{
    private const string Upsert = """
        INSERT INTO actualisation.dunning_notices AS n (organization_fiscal_code, iuv, iupd, position_version, notice_number, amount_cents,
          due_date, description, company_name, revenue_type, debtor_fiscal_code, debtor_name, debtor_email, payable, position_changed_at)
        SELECT *, $15::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::date[], $8::text[],
          $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::boolean[])
        ON CONFLICT (organization_fiscal_code, iuv) DO UPDATE SET
          iupd = EXCLUDED.iupd, position_version = EXCLUDED.position_version, notice_number = EXCLUDED.notice_number,
          amount_cents = EXCLUDED.amount_cents, due_date = EXCLUDED.due_date, description = EXCLUDED.description,
          company_name = EXCLUDED.company_name, revenue_type = EXCLUDED.revenue_type, debtor_fiscal_code = EXCLUDED.debtor_fiscal_code,
          debtor_name = EXCLUDED.debtor_name, debtor_email = EXCLUDED.debtor_email, payable = EXCLUDED.payable,
          position_changed_at = EXCLUDED.position_changed_at
        WHERE n.position_version < EXCLUDED.position_version
           OR (n.position_version = EXCLUDED.position_version
               AND (n.position_changed_at IS NULL OR n.position_changed_at < EXCLUDED.position_changed_at))
        """;

    public async Task Consume(ConsumeContext<DebtPositionsImported> context)
    {
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        var changedAt = DunningNotice.AsStored(context.Message.OccurredAt);
        var notices = context.Message.Positions
            .SelectMany(p => p.Options.Select(o => DunningNotice.Of(p, o, Consumers.DebtPositionChangedConsumer.Payable.Contains(p.Status), changedAt, now)))
            .ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (notices.Count > 0)
        {
            await using var upsert = new NpgsqlCommand(Upsert, (NpgsqlConnection)db.Database.GetDbConnection());
            Text(upsert, notices.Select(n => n.OrganizationFiscalCode));
            Text(upsert, notices.Select(n => n.Iuv));
            Text(upsert, notices.Select(n => n.Iupd));
            upsert.Parameters.AddWithValue(notices.Select(n => n.PositionVersion).ToArray());
            Text(upsert, notices.Select(n => n.NoticeNumber));
            upsert.Parameters.AddWithValue(notices.Select(n => n.AmountCents).ToArray());
            upsert.Parameters.AddWithValue(notices.Select(n => n.DueDate).ToArray());
            Text(upsert, notices.Select(n => n.Description));
            Text(upsert, notices.Select(n => n.CompanyName));
            Text(upsert, notices.Select(n => n.RevenueType));
            Text(upsert, notices.Select(n => n.DebtorFiscalCode));
            Text(upsert, notices.Select(n => n.DebtorName));
            Text(upsert, notices.Select(n => n.DebtorEmail));
            upsert.Parameters.AddWithValue(notices.Select(n => n.Payable).ToArray());
            upsert.Parameters.AddWithValue(changedAt);
            await upsert.ExecuteNonQueryAsync(ct);
        }
        await db.SaveChangesAsync(ct); // the inbox row added by the inbox filter
        await tx.CommitAsync(ct);
    }

    private static void Text(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
}
