using Contracts.DebtPositions;
using ServiceDefaults.Persistence;

namespace IuvIssuance.Notices;

// A position snapshot on its way to becoming a row of Positions.
internal readonly record struct PositionRow(DebtPositionSnapshot Snapshot, DateTimeOffset ReceivedAt);

// One notice number of a position: a row of Navs.
internal readonly record struct NavRow(string OrganizationFiscalCode, string Nav, string Iupd);

// The columns of the notice read model's two tables, in order, and how each value derives from a snapshot: the one
// description that NoticeProjection's COPYs and upsert are built from. EF reads the same tables (NoticePosition,
// NoticeNav) by column name.
internal static class NoticeTables
{
    public static readonly TableColumns<PositionRow> Positions = new($"{IuvDb.Schema}.notice_positions",
        Column.Text<PositionRow>("organization_fiscal_code", r => r.Snapshot.OrganizationFiscalCode),
        Column.Text<PositionRow>("iupd", r => r.Snapshot.Iupd),
        Column.Bigint<PositionRow>("version", r => r.Snapshot.Version),
        Column.Text<PositionRow>("status", r => r.Snapshot.Status),
        Column.Date<PositionRow>("first_due_date", r => FirstDueDateOf(r.Snapshot)),
        Column.Utf8<PositionRow>("snapshot", "text", (output, r) => NoticePosition.WriteSnapshot(output, r.Snapshot)),
        Column.Instant<PositionRow>("received_at", r => r.ReceivedAt));

    public static readonly TableColumns<NavRow> Navs = new($"{IuvDb.Schema}.notice_navs",
        Column.Text<NavRow>("organization_fiscal_code", r => r.OrganizationFiscalCode),
        Column.Text<NavRow>("nav", r => r.Nav),
        Column.Text<NavRow>("iupd", r => r.Iupd));

    // The NAV rows of a snapshot: one per option that has a NAV.
    public static IEnumerable<NavRow> NavRowsOf(DebtPositionSnapshot snapshot) =>
        NavsOf(snapshot).Select(nav => new NavRow(snapshot.OrganizationFiscalCode, nav, snapshot.Iupd));

    public static IEnumerable<string> NavsOf(DebtPositionSnapshot snapshot) =>
        snapshot.Options.Select(o => o.Nav).Where(n => !string.IsNullOrEmpty(n));

    private static DateOnly? FirstDueDateOf(DebtPositionSnapshot snapshot) => snapshot.Options.Count == 0 ? null : snapshot.Options.Min(o => o.DueDate);
}
