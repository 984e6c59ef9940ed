using Microsoft.EntityFrameworkCore;

namespace NodeAdapter.Notices;

/// <summary>What the station knows about a notice at the moment of a call.</summary>
internal sealed record NoticeView(PayableNotice? Notice, AmountSchedule? Schedule, bool ReceiptLogged);

/// <summary>
/// Reads a notice, its amount schedule and whether a receipt already paid it, from our own tables
/// only, in one round trip: this is the hot path of verify and get payment (see docs/notes/NodeAdapter.md,
/// benchmark), so the query is compiled once.
/// </summary>
internal sealed class NoticeLookup(NodeAdapterDb db)
{
    private static readonly Func<NodeAdapterDb, string, string, CancellationToken, Task<NoticeView?>> ByNav =
        EF.CompileAsyncQuery((NodeAdapterDb db, string organization, string nav, CancellationToken ct) =>
            db.Notices.AsNoTracking()
                .Where(n => n.OrganizationFiscalCode == organization && n.Nav == nav)
                .Select(n => new NoticeView(
                    n,
                    db.AmountSchedules.AsNoTracking().FirstOrDefault(s => s.OrganizationFiscalCode == n.OrganizationFiscalCode && s.Iuv == n.Iuv),
                    // Paid already: this notice, a single-payment option of the same position (it
                    // settles all), or for a single-payment notice any option of its position.
                    db.ReceiptLog.Any(r => r.NoticeFiscalCode == n.OrganizationFiscalCode && r.Outcome == "OK"
                        && (r.Iuv == n.Iuv || (r.Iupd == n.Iupd && (r.SettlesPosition || !n.IsPartialPayment))))))
                .FirstOrDefault());

    private static readonly Func<NodeAdapterDb, string, string, CancellationToken, Task<NoticeView?>> ByIuv =
        EF.CompileAsyncQuery((NodeAdapterDb db, string organization, string iuv, CancellationToken ct) =>
            db.Notices.AsNoTracking()
                .Where(n => n.OrganizationFiscalCode == organization && n.Iuv == iuv)
                .Select(n => new NoticeView(
                    n,
                    db.AmountSchedules.AsNoTracking().FirstOrDefault(s => s.OrganizationFiscalCode == n.OrganizationFiscalCode && s.Iuv == n.Iuv),
                    // Paid already: this notice, a single-payment option of the same position (it
                    // settles all), or for a single-payment notice any option of its position.
                    db.ReceiptLog.Any(r => r.NoticeFiscalCode == n.OrganizationFiscalCode && r.Outcome == "OK"
                        && (r.Iuv == n.Iuv || (r.Iupd == n.Iupd && (r.SettlesPosition || !n.IsPartialPayment))))))
                .FirstOrDefault());

    private static readonly NoticeView None = new(null, null, false);

    public async Task<NoticeView> FindByNavAsync(string organizationFiscalCode, string nav, CancellationToken ct) =>
        await ByNav(db, organizationFiscalCode, nav, ct) ?? None;

    public async Task<NoticeView> FindByIuvAsync(string organizationFiscalCode, string iuv, CancellationToken ct) =>
        await ByIuv(db, organizationFiscalCode, iuv, ct) ?? None;

}
