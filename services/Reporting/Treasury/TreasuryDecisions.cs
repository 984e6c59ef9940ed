using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Security;
using ServiceDefaults.Web;

namespace Reporting.Treasury;

// An operator matches a movement to a flow, or declares it pays none, with a reason. The decision is stored on the
// movement, which the automatic matching reads but never writes, and appended to the audit.
internal static class TreasuryDecisions
{
    private const int MaxReason = 500;

    public static async Task<Results<Ok<MovementDetail>, ValidationProblem, ProblemHttpResult>> MatchAsync(
        string organizationFiscalCode, long movementId, MatchRequest body, HttpContext http, ReportingDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = ReasonErrors(body.Reason);
        if (string.IsNullOrWhiteSpace(body.FlowId) || body.FlowId.Length > 100) errors["flowId"] = ["the id of the flow this movement pays, 1 to 100 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var movement = await db.TreasuryMovements.SingleOrDefaultAsync(m => m.OrganizationFiscalCode == organizationFiscalCode && m.Id == movementId, ct);
        if (movement is null) return TreasuryApi.NotFound(organizationFiscalCode, movementId);
        if (!movement.CanBeMatched) return NotMatchable(movement);
        var flowId = await db.Flows.Where(f => f.OrganizationFiscalCode == organizationFiscalCode && f.FlowId.ToUpper() == body.FlowId!.Trim().ToUpper())
            .Select(f => f.FlowId).FirstOrDefaultAsync(ct);
        if (flowId is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["flowId"] = [$"no reporting flow {body.FlowId} for organization {organizationFiscalCode}"] });
        db.TreasuryDecisions.Add(movement.MatchByHand(flowId, body.Reason!.Trim(), http.User.ClientId() ?? "unknown", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, movement, ct));
    }

    public static async Task<Results<Ok<MovementDetail>, ValidationProblem, ProblemHttpResult>> UnmatchAsync(
        string organizationFiscalCode, long movementId, UnmatchRequest body, HttpContext http, ReportingDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = ReasonErrors(body.Reason);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var movement = await db.TreasuryMovements.SingleOrDefaultAsync(m => m.OrganizationFiscalCode == organizationFiscalCode && m.Id == movementId, ct);
        if (movement is null) return TreasuryApi.NotFound(organizationFiscalCode, movementId);
        if (!movement.CanBeMatched) return NotMatchable(movement);
        db.TreasuryDecisions.Add(movement.UnmatchByHand(body.Reason!.Trim(), http.User.ClientId() ?? "unknown", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, movement, ct));
    }

    private static Dictionary<string, string[]> ReasonErrors(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReason
            ? new() { ["reason"] = [$"why the operator decides this, 1 to {MaxReason} characters"] }
            : [];

    private static ProblemHttpResult NotMatchable(TreasuryMovement movement) => TypedResults.Problem(
        movement.DuplicateOf is { } original
            ? $"Movement {movement.Id} repeats movement {original} of an earlier file and counts as that one: decide on movement {original}."
            : $"Movement {movement.Id} is {movement.Kind}: only collections, reversals and debits can pay or take back a flow's money.",
        statusCode: 409, title: "The movement cannot be matched");

    private static async Task<MovementDetail> DetailAsync(ReportingDb db, TreasuryMovement movement, CancellationToken ct)
    {
        var match = await db.MovementReconciliations.AsNoTracking().SingleAsync(r => r.Id == movement.Id, ct);
        var decisions = await db.TreasuryDecisions.AsNoTracking().Where(d => d.MovementId == movement.Id).OrderBy(d => d.Id)
            .Select(d => new DecisionView(d.Action, d.FlowId, d.Reason, d.DecidedBy, d.DecidedAt)).ToArrayAsync(ct);
        return new MovementDetail(MovementView.Of(movement, match), decisions);
    }
}
