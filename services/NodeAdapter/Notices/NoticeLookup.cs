using System.Data.Common;
using Npgsql;

namespace NodeAdapter.Notices;

// What the station knows about a notice at the moment of a call.
internal sealed record NoticeView(PayableNotice? Notice, AmountSchedule? Schedule, bool ReceiptLogged);

// Reads a notice, its amount schedule and whether a receipt already paid it, from our own tables only, in one round
// trip. This is the hot path of verify and get payment, so it is one hand-written statement on the shared
// NpgsqlDataSource (auto-prepared by Npgsql) rather than an EF query: no DbContext is built for a verify at all
// (docs/bench/station.md measured what that saves).
internal sealed class NoticeLookup(NpgsqlDataSource dataSource)
{
    // Paid already: this notice, a single-payment option of the same position (it settles all), or
    // for a single-payment notice any option of its position. Two EXISTS rather than one with an OR,
    // so that each is an index probe (ix_receipt_log_notice, ix_receipt_log_notice_iupd): with the OR,
    // PostgreSQL reads every receipt of the EC on each verify.
    private static readonly string Select = $"""
        SELECT {NoticeTable.Columns.List("n")},
               s.position_version, s.steps::text, s.updated_at,
               EXISTS (SELECT 1 FROM node_adapter.receipt_log r
                       WHERE r.notice_fiscal_code = n.organization_fiscal_code AND r.iuv = n.iuv AND r.outcome = 'OK')
               OR EXISTS (SELECT 1 FROM node_adapter.receipt_log r
                       WHERE r.notice_fiscal_code = n.organization_fiscal_code AND r.iupd = n.iupd AND r.outcome = 'OK'
                         AND (r.settles_position OR NOT n.is_partial_payment))
        FROM {NoticeTable.Columns.Table} n
        LEFT JOIN node_adapter.amount_schedules s ON s.organization_fiscal_code = n.organization_fiscal_code AND s.iuv = n.iuv
        """;

    // The schedule's columns and the receipt flag, after the notice's.
    private static readonly int ScheduleColumn = NoticeTable.Columns.Count;
    private static readonly int ReceiptLoggedColumn = ScheduleColumn + 3;

    // Both on the primary key. By NAV through the IUV it contains (Migrations/0006): the NAV must then match too.
    private static readonly string ByIuv = Select + "\nWHERE n.organization_fiscal_code = $1 AND n.iuv = $2";
    private static readonly string ByNav = ByIuv + " AND n.nav = $3";

    private static readonly NoticeView None = new(null, null, false);

    public Task<NoticeView> FindByNavAsync(string organizationFiscalCode, string nav, CancellationToken ct) =>
        FindAsync(ByNav, organizationFiscalCode, ServiceDefaults.PagoPa.NoticeNumber.IuvOf(nav), ct, nav);

    public Task<NoticeView> FindByIuvAsync(string organizationFiscalCode, string iuv, CancellationToken ct) =>
        FindAsync(ByIuv, organizationFiscalCode, iuv, ct);

    private async Task<NoticeView> FindAsync(string sql, string organizationFiscalCode, string iuv, CancellationToken ct, string? nav = null)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = organizationFiscalCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = iuv });
        if (nav is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nav });
        await using var row = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        if (!await row.ReadAsync(ct)) return None;
        var notice = PayableNotice.FromRow(row);
        var schedule = row.IsDBNull(ScheduleColumn) ? null : AmountSchedule.FromRow(notice.OrganizationFiscalCode, notice.Iuv, row, ScheduleColumn);
        return new NoticeView(notice, schedule, row.GetBoolean(ReceiptLoggedColumn));
    }
}
