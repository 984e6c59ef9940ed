using Contracts.DebtPositions;
using ServiceDefaults.Persistence;

namespace IuvIssuance.Notices;

/// <summary>A position snapshot on its way to becoming a row of <see cref="NoticeTables.Positions"/>.</summary>
internal readonly record struct PositionRow(DebtPositionSnapshot Snapshot, DateTimeOffset ReceivedAt);

/// <summary>One notice number of a position: a row of <see cref="NoticeTables.Navs"/>.</summary>
internal readonly record struct NavRow(string OrganizationFiscalCode, string Nav, string Iupd);

/// <summary>
/// The columns of the notice read model's two tables, in order, and how each value derives from a snapshot: the one
/// description that <see cref="NoticeProjection"/>'s COPYs and upsert are built from. EF reads the same tables
/// (<see cref="NoticePosition"/>, <see cref="NoticeNav"/>) by column name.
/// </summary>
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

    /// <summary>The NAV rows of a snapshot: one per option that has a NAV.</summary>
    public static IEnumerable<NavRow> NavRowsOf(DebtPositionSnapshot snapshot) =>
        NavsOf(snapshot).Select(nav => new NavRow(snapshot.OrganizationFiscalCode, nav, snapshot.Iupd));

    public static IEnumerable<string> NavsOf(DebtPositionSnapshot snapshot) =>
        snapshot.Options.Select(o => o.Nav).Where(n => !string.IsNullOrEmpty(n));

    private static DateOnly? FirstDueDateOf(DebtPositionSnapshot snapshot) => snapshot.Options.Count == 0 ? null : snapshot.Options.Min(o => o.DueDate);
}
