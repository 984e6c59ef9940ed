using Npgsql;
using ServiceDefaults.Persistence;

namespace DebtPositions.Bulk;

// A chunk's positions, notices and transfers encoded as binary COPY rows by the producer, so that the writer's
// transaction only streams bytes (ADR 0017). Ids come from the tables' identity sequences first, so children can
// point at their parents; like any sequence value, an id taken by a chunk that never commits is not reused.
internal sealed record ChunkRows(CopyRows Positions, CopyRows Options, CopyRows Transfers)
{
    private const string S = DebtPositionsDb.Schema;

    // COPY FROM writes the given values into identity columns (like OVERRIDING SYSTEM VALUE): the reserved ids.
    public const string PositionsCopy = $"""
        COPY {S}.positions (id, organization_fiscal_code, iupd, status, version, type, fiscal_code, full_name, street_name, civic_number,
          postal_code, city, province, region, country, email, phone, company_name, office_name, switch_to_expired, pay_stand_in,
          validity_date, inserted_date, publish_date, last_updated_date, revenue_type, external_reference, import_id) FROM STDIN (FORMAT BINARY)
        """;

    public const string OptionsCopy = $"""
        COPY {S}.payment_options (id, position_id, organization_fiscal_code, iuv, nav, amount, description, is_partial_payment, due_date,
          retention_date, fee, notification_fee, status, metadata, inserted_date, last_updated_date, notification_date, actualisation_rule,
          debtor, payment_plan_id, plan_description) FROM STDIN (FORMAT BINARY)
        """;

    public const string TransfersCopy = $"""
        COPY {S}.transfers (payment_option_id, id_transfer, amount, organization_fiscal_code, company_name, remittance_information, category,
          iban, postal_iban, stamp_hash_document, stamp_type, stamp_provincial_residence, status, metadata, inserted_date, last_updated_date,
          accounting_chapter, accounting_assessment) FROM STDIN (FORMAT BINARY)
        """;

    public static async Task<ChunkRows> EncodeAsync(NpgsqlDataSource dataSource, List<Position> positions, CancellationToken ct)
    {
        var positionIds = await ReserveAsync(dataSource, "positions", positions.Count, ct);
        var optionIds = await ReserveAsync(dataSource, "payment_options", positions.Sum(p => p.Options.Count), ct);
        return new ChunkRows(EncodePositions(positions, positionIds), EncodeOptions(positions, positionIds, optionIds), EncodeTransfers(positions, optionIds));
    }

    private static async Task<long[]> ReserveAsync(NpgsqlDataSource dataSource, string table, int count, CancellationToken ct)
    {
        // The sequence is looked up once: pg_get_serial_sequence per row (a catalogue search each) multiplied the chunk's cost (docs/bench/bulk-import.md).
        await using var command = dataSource.CreateCommand($"""
            WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('{S}.{table}', 'id')::regclass AS seq)
            SELECT nextval(s.seq) FROM s, generate_series(1, $1)
            """);
        command.Parameters.AddWithValue(count);
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
        return ids;
    }

    private static CopyRows EncodePositions(List<Position> positions, long[] ids)
    {
        var rows = new CopyRows(positions.Count * 320);
        for (var i = 0; i < positions.Count; i++)
        {
            var p = positions[i];
            rows.StartRow(28);
            rows.Bigint(ids[i]);
            rows.Text(p.OrganizationFiscalCode, p.Iupd, p.Status);
            rows.Bigint(p.Version);
            rows.Text(p.Type, p.FiscalCode, p.FullName, p.StreetName, p.CivicNumber, p.PostalCode, p.City, p.Province, p.Region,
                p.Country, p.Email, p.Phone, p.CompanyName, p.OfficeName);
            rows.Boolean(p.SwitchToExpired);
            rows.Boolean(p.PayStandIn);
            rows.Instant(p.ValidityDate, p.InsertedDate, p.PublishDate, p.LastUpdatedDate);
            rows.Text(p.RevenueType, p.ExternalReference);
            rows.Uuid(p.ImportId!.Value);
        }
        return rows;
    }

    private static CopyRows EncodeOptions(List<Position> positions, long[] positionIds, long[] ids)
    {
        var rows = new CopyRows(positions.Count * 360);
        var k = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            foreach (var o in positions[i].Options)
            {
                rows.StartRow(21);
                rows.Bigint(ids[k++]);
                rows.Bigint(positionIds[i]);
                rows.Text(o.OrganizationFiscalCode, o.Iuv, o.Nav);
                rows.Bigint(o.Amount);
                rows.Text(o.Description);
                rows.Boolean(o.IsPartialPayment);
                rows.Instant(o.DueDate, o.RetentionDate);
                rows.Bigint(o.Fee);
                rows.Bigint(o.NotificationFee);
                rows.Text(o.Status);
                rows.Jsonb(o.Metadata);
                rows.Instant(o.InsertedDate, o.LastUpdatedDate);
                rows.Date(o.NotificationDate);
                rows.Text(o.ActualisationRule);
                rows.Jsonb(o.Debtor);
                rows.Text(o.PaymentPlanId, o.PlanDescription);
            }
        }
        return rows;
    }

    private static CopyRows EncodeTransfers(List<Position> positions, long[] optionIds)
    {
        var rows = new CopyRows(positions.Count * 360);
        var k = 0;
        foreach (var option in positions.SelectMany(p => p.Options))
        {
            var optionId = optionIds[k++];
            foreach (var t in option.Transfers)
            {
                rows.StartRow(18);
                rows.Bigint(optionId);
                rows.Integer(t.IdTransfer);
                rows.Bigint(t.Amount);
                rows.Text(t.OrganizationFiscalCode, t.CompanyName, t.RemittanceInformation, t.Category, t.Iban, t.PostalIban,
                    t.StampHashDocument, t.StampType, t.StampProvincialResidence, t.Status);
                rows.Jsonb(t.Metadata);
                rows.Instant(t.InsertedDate, t.LastUpdatedDate);
                rows.Text(t.AccountingChapter, t.AccountingAssessment);
            }
        }
        return rows;
    }
}
