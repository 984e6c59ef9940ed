using Contracts.Receipts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Actualisation.Dunning;

// A payment stops the notice's reminders the moment it is archived, before the position's own change arrives. A
// payment for a notice not known yet leaves a paid row that the position event then fills in. A batch at a time (ADR
// 0063, ADR 0099): one statement marks the batch's known notices paid and names the unknown ones, one transaction
// with the inbox rows; each notice ends as it would after its payments one by one.
internal sealed class DunningPaymentConsumer(ActualisationDb db, TimeProvider time) : IConsumer<Batch<PaymentRecorded>>
{
    // The update waits for a reminder holding a notice's row, and then wins over whatever follows. The notices not found
    // are read from the statement's snapshot, before its own update.
    private const string MarkPaidSql = """
        WITH paid AS (
            SELECT DISTINCT organization, iuv FROM unnest(@organizations, @iuvs) AS p(organization, iuv)),
        marked AS (
            UPDATE actualisation.dunning_notices d SET paid_at = @now
            FROM paid p
            WHERE d.organization_fiscal_code = p.organization AND d.iuv = p.iuv AND d.paid_at IS NULL)
        SELECT p.organization, p.iuv FROM paid p
        WHERE NOT EXISTS (SELECT 1 FROM actualisation.dunning_notices d WHERE d.organization_fiscal_code = p.organization AND d.iuv = p.iuv)
        """;

    public Task Consume(ConsumeContext<Batch<PaymentRecorded>> context) =>
        db.ConsumeBatchAsync(context, time, async payments =>
        {
            var (ct, now) = (context.CancellationToken, time.GetUtcNow());
            await using var tx = await db.Database.BeginOwnedTransactionAsync(ct);
            foreach (var (organization, iuv) in await MarkPaidAsync(payments, now, ct))
            {
                var notice = DunningNotice.Create(organization, iuv);
                notice.Paid(now);
                db.Add(notice);
            }
            // A position event creating a notice meanwhile makes this a unique violation: the batch is retried message by
            // message, and each then finds and marks its notice.
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });

    // Marks the batch's known unpaid notices paid; returns the notices not known yet.
    private async Task<List<(string Organization, string Iuv)>> MarkPaidAsync(IReadOnlyList<PaymentRecorded> payments, DateTimeOffset now, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(MarkPaidSql, connection);
        command.Parameters.Add(new("organizations", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = payments.Select(p => p.OrganizationFiscalCode).ToArray() });
        command.Parameters.Add(new("iuvs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = payments.Select(p => p.Iuv).ToArray() });
        command.Parameters.Add(new("now", NpgsqlDbType.TimestampTz) { Value = now });
        var unknown = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) unknown.Add((reader.GetString(0), reader.GetString(1)));
        return unknown;
    }
}
