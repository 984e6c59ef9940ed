using Npgsql;

namespace NodeAdapter.Station;

// What the receipt log already holds about an incoming receipt, as ReceiptAnomalies needs it.
internal readonly record struct ReceiptHistory(bool Duplicate, bool PaidByAnotherReceipt, bool SameReceiptLogged, bool SettledByAnotherOption);

// Reads the receipt log once per paSendRT: every question the station asks about a receipt is an EXISTS on one of the
// log's indexes, all in one statement on the shared data source (auto-prepared, no DbContext query), so a sendRT costs
// one round trip here rather than one per question.
internal sealed class SendReceiptHistory(NpgsqlDataSource dataSource)
{
    // $1 EC and $2 receipt id (the Node's key); $3 the notice's EC and $4 its IUV; $5 its position (null when the notice
    // is unknown) and $6 whether it is an instalment. A single payment and an instalment plan of one position are
    // alternatives (NOTES §4): an OK receipt of another option that settles the position, or any when this notice is a
    // single payment, means paying this one pays twice.
    private const string Sql = """
        SELECT EXISTS (SELECT 1 FROM node_adapter.receipt_log WHERE organization_fiscal_code = $1 AND receipt_id = $2),
               EXISTS (SELECT 1 FROM node_adapter.receipt_log
                       WHERE notice_fiscal_code = $3 AND iuv = $4 AND outcome = 'OK' AND receipt_id <> $2),
               EXISTS (SELECT 1 FROM node_adapter.receipt_log
                       WHERE notice_fiscal_code = $3 AND iuv = $4 AND outcome = 'OK' AND receipt_id = $2),
               $5::text IS NOT NULL AND EXISTS (SELECT 1 FROM node_adapter.receipt_log
                       WHERE notice_fiscal_code = $3 AND iupd = $5 AND iuv <> $4 AND outcome = 'OK'
                         AND (settles_position OR NOT $6))
        """;

    public async Task<ReceiptHistory> ReadAsync(string organizationFiscalCode, string receiptId, string noticeFiscalCode, string iuv,
        string? iupd, bool isPartialPayment, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = organizationFiscalCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = receiptId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = noticeFiscalCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = iuv });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)iupd ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = isPartialPayment });
        await using var row = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        await row.ReadAsync(ct);
        return new(row.GetBoolean(0), row.GetBoolean(1), row.GetBoolean(2), row.GetBoolean(3));
    }
}
