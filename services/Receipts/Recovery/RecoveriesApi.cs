using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Security;

namespace Receipts.Recovery;

internal sealed record RecoveryView(
    Guid Id, string OrganizationFiscalCode, string Iuv, string Iur, string FlowId, string Anomaly, string Status, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt)
{
    public static RecoveryView From(ReceiptRecovery r) => new(r.Id, r.OrganizationFiscalCode, r.Iuv, r.Iur, r.FlowId, r.Anomaly,
        r.Status, r.Attempts, r.NextAttemptAt, r.LastAttemptAt, r.LastStatusCode, r.LastError, r.CreatedAt, r.ResolvedAt);
}

internal sealed record RecoveryCallView(DateTimeOffset CalledAt, int LatencyMs, int? StatusCode, string? Error);

internal sealed record RecoveryDetail(RecoveryView Recovery, RecoveryCallView[] Calls);

// What the receipt recovery healed, what it is still trying, and what it could not (ADR 0025).
internal static class RecoveriesApi
{
    private static readonly string[] Statuses =
        [ReceiptRecovery.Pending, ReceiptRecovery.Recovered, ReceiptRecovery.AlreadyArchived, ReceiptRecovery.Unrecoverable];

    public static IEndpointRouteBuilder MapRecoveriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/receipts/organizations/{organizationFiscalCode}/recoveries").WithTags("Receipt recovery");
        group.MapGet("/", List);
        group.MapGet("/{recoveryId:guid}", Get);
        group.MapPost("/{recoveryId:guid}/retry", Retry).RequireAdmin();
        return app;
    }

    // Recoveries of one EC, newest first, optionally of one status or one IUV.
    private static async Task<Results<Ok<RecoveryView[]>, ValidationProblem>> List(
        string organizationFiscalCode, string? status, string? iuv, ReceiptsDb db, CancellationToken ct, int limit = 100)
    {
        if (status is not null && !Statuses.Contains(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"one of: {string.Join(", ", Statuses)}"] });
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["between 1 and 1000"] });
        var query = db.ReceiptRecoveries.AsNoTracking().Where(r => r.OrganizationFiscalCode == organizationFiscalCode);
        if (status is not null) query = query.Where(r => r.Status == status);
        if (!string.IsNullOrEmpty(iuv)) query = query.Where(r => r.Iuv == iuv);
        var recoveries = await query.OrderByDescending(r => r.Id).Take(limit).ToListAsync(ct);
        return TypedResults.Ok(recoveries.Select(RecoveryView.From).ToArray());
    }

    private static async Task<Results<Ok<RecoveryDetail>, ProblemHttpResult>> Get(
        string organizationFiscalCode, Guid recoveryId, ReceiptsDb db, CancellationToken ct)
    {
        var recovery = await db.ReceiptRecoveries.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrganizationFiscalCode == organizationFiscalCode && r.Id == recoveryId, ct);
        if (recovery is null) return NotFound(recoveryId);
        var calls = await db.ReceiptRecoveryCalls.AsNoTracking().Where(c => c.RecoveryId == recoveryId).OrderBy(c => c.Id)
            .Select(c => new RecoveryCallView(c.CalledAt, c.LatencyMs, c.StatusCode, c.Error)).ToArrayAsync(ct);
        return TypedResults.Ok(new RecoveryDetail(RecoveryView.From(recovery), calls));
    }

    // Another round of attempts for an unrecoverable one; anything else is a 409.
    private static async Task<Results<Ok<RecoveryView>, ProblemHttpResult>> Retry(
        string organizationFiscalCode, Guid recoveryId, ReceiptsDb db, TimeProvider time, CancellationToken ct)
    {
        var recovery = await db.ReceiptRecoveries
            .SingleOrDefaultAsync(r => r.OrganizationFiscalCode == organizationFiscalCode && r.Id == recoveryId, ct);
        if (recovery is null) return NotFound(recoveryId);
        if (!recovery.Retry(time.GetUtcNow()))
            return TypedResults.Problem($"Recovery {recoveryId} is {recovery.Status}: only an unrecoverable one can be retried",
                statusCode: StatusCodes.Status409Conflict, title: "Not retryable");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RecoveryView.From(recovery));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No receipt recovery {id} for this organization", statusCode: 404, title: "Recovery not found");
}
