using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodeAdapter.Notices;
using NodeAdapter.Soap;
using ServiceDefaults.Time;

namespace NodeAdapter;

// The operations API: what the station would answer for a notice, flagged receipts, downloaded flows.
internal static class NodeAdapterApi
{
    public static IEndpointRouteBuilder MapNodeAdapterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/node-adapter/organizations/{organizationFiscalCode}").WithTags("NodeAdapter");
        group.MapGet("/notices/{nav}", GetNotice);
        group.MapGet("/receipts", ListReceipts);
        group.MapGet("/flows", ListFlows);
        return app;
    }

    private static async Task<Results<Ok<NoticeStatusView>, ProblemHttpResult>> GetNotice(
        string organizationFiscalCode, string nav, NoticeCache notices, TimeProvider time, CancellationToken ct)
    {
        // Through the station's cache: this answers what a verify would answer right now.
        var view = await notices.FindByNavAsync(organizationFiscalCode, nav, ct);
        if (view.Notice is not { } notice)
            return TypedResults.Problem($"No notice {nav} for organization {organizationFiscalCode}", statusCode: 404, title: "Notice not found");
        var due = PayableAmount.Due(notice, view.Schedule, RomeCalendar.Today(time));
        var amount = due.Amount;
        return TypedResults.Ok(new NoticeStatusView(notice.OrganizationFiscalCode, notice.Iuv, notice.Nav, notice.Iupd,
            notice.PositionVersion, notice.PositionStatus, notice.OptionStatus,
            (NoticeStatus.RefusalFor(notice, view.ReceiptLogged, time.GetUtcNow()) ?? due.Refusal) is { } refusal ? Faults.For(refusal) : null,
            view.ReceiptLogged, notice.AmountCents, amount?.AmountCents, amount?.Source, notice.DueDate, view.Schedule?.PositionVersion));
    }

    private static async Task<Ok<ReceiptLogView[]>> ListReceipts(
        string organizationFiscalCode, bool? anomaly, string? iuv, NodeAdapterDb db, CancellationToken ct, int limit = 100)
    {
        var query = db.ReceiptLog.AsNoTracking().Where(r => r.OrganizationFiscalCode == organizationFiscalCode);
        if (anomaly is { } flagged) query = flagged ? query.Where(r => r.Anomaly != null) : query.Where(r => r.Anomaly == null);
        if (!string.IsNullOrEmpty(iuv)) query = query.Where(r => r.Iuv == iuv);
        var rows = await query.OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, 1000))
            .Select(r => new ReceiptLogView(r.ReceiptId, r.NoticeNumber, r.Iuv, r.Outcome, r.AmountCents, r.PaymentDateTime,
                r.StandIn, r.SoapVersion, r.Anomaly, r.ReceivedAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Ok<FlowView[]>> ListFlows(
        string organizationFiscalCode, string? status, NodeAdapterDb db, CancellationToken ct, int limit = 100)
    {
        var query = db.ReportingFlows.AsNoTracking().Where(f => f.OrganizationFiscalCode == organizationFiscalCode);
        if (!string.IsNullOrEmpty(status)) query = query.Where(f => f.Status == status);
        var rows = await query.OrderByDescending(f => f.Id).Take(Math.Clamp(limit, 1, 1000))
            .Select(f => new FlowView(f.FlowId, f.PspId, f.Revision, f.Status, f.PaymentCount, f.TotalAmountCents,
                f.Anomaly, f.Error, f.Attempts, f.NextAttemptAt, f.UpdatedAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(rows);
    }
}

internal sealed record NoticeStatusView(
    string OrganizationFiscalCode, string Iuv, string Nav, string Iupd, long PositionVersion, string PositionStatus,
    string OptionStatus, string? FaultCode, bool ReceiptReceived, long OptionAmountCents, long? AmountDueTodayCents,
    string? AmountSource, DateOnly DueDate, long? ScheduleVersion);

internal sealed record ReceiptLogView(
    string ReceiptId, string NoticeNumber, string Iuv, string Outcome, long AmountCents, DateTimeOffset PaymentDateTime,
    bool StandIn, string SoapVersion, string? Anomaly, DateTimeOffset ReceivedAt);

internal sealed record FlowView(
    string FlowId, string PspId, long Revision, string Status, int PaymentCount, long TotalAmountCents,
    string? Anomaly, string? Error, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset UpdatedAt);
