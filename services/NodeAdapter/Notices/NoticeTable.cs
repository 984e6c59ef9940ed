using System.Text.Json;
using Contracts.DebtPositions;
using ImportChunks;
using ServiceDefaults.Persistence;

namespace NodeAdapter.Notices;

// One payment option of a position snapshot, on its way to becoming a row of NoticeTable.
internal readonly record struct NoticeRow(DebtPositionSnapshot Position, PaymentOptionSnapshot Option, DateTimeOffset Now);

// The columns of node_adapter.notices , in order, and how each value derives from a snapshot's option: the one
// description that the projection's COPY and upsert (NoticeProjection) and the station's lookup (NoticeLookup,
// FromRow) are built from.
internal static class NoticeTable
{
    public static readonly TableColumns<NoticeRow> Columns = new($"{NodeAdapterDb.Schema}.notices",
        Column.Text<NoticeRow>("organization_fiscal_code", r => r.Position.OrganizationFiscalCode),
        Column.Text<NoticeRow>("iuv", r => r.Option.Iuv),
        Column.Text<NoticeRow>("nav", r => r.Option.Nav),
        Column.Text<NoticeRow>("iupd", r => r.Position.Iupd),
        Column.Bigint<NoticeRow>("position_version", r => r.Position.Version),
        // A notice's content is as new as the first version that wrote it; the projection keeps the stored one while
        // amount and transfers stay the same, so that amount schedules computed for it stay current.
        Column.Bigint<NoticeRow>("content_version", r => r.Position.Version),
        Column.Text<NoticeRow>("position_status", r => r.Position.Status),
        Column.Text<NoticeRow>("option_status", r => r.Option.Status),
        Column.Boolean<NoticeRow>("is_partial_payment", r => r.Option.IsPartialPayment),
        Column.Instant<NoticeRow>("validity_date", r => r.Position.ValidityDate),
        Column.Bigint<NoticeRow>("amount_cents", r => r.Option.AmountCents),
        Column.Text<NoticeRow>("description", r => r.Option.Description),
        Column.Date<NoticeRow>("due_date", r => r.Option.DueDate),
        Column.Instant<NoticeRow>("retention_date", r => r.Option.RetentionDate),
        Column.Text<NoticeRow>("company_name", r => r.Position.CompanyName),
        Column.Text<NoticeRow>("office_name", r => r.Position.OfficeName),
        // JSON stored as text (ADR 0018), null properties left out (SnapshotJsonContext); the station parses it back.
        Column.Text<NoticeRow>("debtor", r => JsonSerializer.Serialize(r.Option.Debtor ?? r.Position.Debtor, SnapshotJsonContext.Default.DebtorSnapshot)),
        Column.Text<NoticeRow>("transfers", r => JsonSerializer.Serialize(r.Option.Transfers, SnapshotJsonContext.Default.IReadOnlyListTransferSnapshot)),
        Column.Text<NoticeRow>("metadata", r => JsonSerializer.Serialize(r.Option.Metadata, SnapshotJsonContext.Default.IReadOnlyDictionaryStringString)),
        Column.Instant<NoticeRow>("updated_at", r => r.Now));

    public static readonly int OrganizationFiscalCode = Columns.Ordinal("organization_fiscal_code");
    public static readonly int Iuv = Columns.Ordinal("iuv");
    public static readonly int Nav = Columns.Ordinal("nav");
    public static readonly int Iupd = Columns.Ordinal("iupd");
    public static readonly int PositionVersion = Columns.Ordinal("position_version");
    public static readonly int ContentVersion = Columns.Ordinal("content_version");
    public static readonly int PositionStatus = Columns.Ordinal("position_status");
    public static readonly int OptionStatus = Columns.Ordinal("option_status");
    public static readonly int IsPartialPayment = Columns.Ordinal("is_partial_payment");
    public static readonly int ValidityDate = Columns.Ordinal("validity_date");
    public static readonly int AmountCents = Columns.Ordinal("amount_cents");
    public static readonly int Description = Columns.Ordinal("description");
    public static readonly int DueDate = Columns.Ordinal("due_date");
    public static readonly int RetentionDate = Columns.Ordinal("retention_date");
    public static readonly int CompanyName = Columns.Ordinal("company_name");
    public static readonly int OfficeName = Columns.Ordinal("office_name");
    public static readonly int Debtor = Columns.Ordinal("debtor");
    public static readonly int Transfers = Columns.Ordinal("transfers");
    public static readonly int Metadata = Columns.Ordinal("metadata");
    public static readonly int UpdatedAt = Columns.Ordinal("updated_at");
}
