using DebtPositions.Iuv;
using DebtPositions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Persistence;

namespace DebtPositions.Gpd;

// PUT …/{iupd}[?toPublish=true] (GPD updatePosition): replaces the content of a DRAFT, PUBLISHED, VALID or EXPIRED
// position. Options keep their notice number when their IUV is sent again; options without an IUV get a new one.
// Concurrent updates: the version check turns the loser into a 409.
internal static class UpdatePosition
{
    public static Task<Results<Ok<PositionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, string iupd, PaymentPositionModel body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, CancellationToken ct) =>
        Run(organizationfiscalcode, iupd, PositionRequest.V1(body), GpdDialects.V1, toPublish, request, db, notices, time, ct);

    public static Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> Run<T>(
        string organizationfiscalcode, string iupd, PositionRequest input, GpdDialect<T> dialect, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, CancellationToken ct) =>
        Run(organizationfiscalcode, iupd, input, dialect, toPublish, request.Headers.IfMatch.FirstOrDefault(), DebtPositionsApi.Cause(request),
            db, notices, time, ct);

    // The update, wherever it comes from (an HTTP request, a line of a massive file).
    public static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> Run<T>(
        string organizationfiscalcode, string iupd, PositionRequest input, GpdDialect<T> dialect, bool? toPublish, string? ifMatch, string cause,
        DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var body = input.Body;
        // A validity date sent back as read (publication sets it, ADR 0044) is not a new date: it may be past.
        var stored = await db.Positions.Of(organizationfiscalcode, iupd)
            .Select(p => p.ValidityDate).FirstOrDefaultAsync(ct);
        var unchanged = body.ValidityDate is { } sent && stored is { } kept && (sent - kept).Duration() < TimeSpan.FromMilliseconds(1);
        var errors = (unchanged ? input with { Body = body with { ValidityDate = null } } : input).Validate(now);
        if (body.Iupd is not null && body.Iupd != iupd) errors["iupd"] = [$"the body's iupd {body.Iupd} differs from the path's {iupd}"];
        if (errors.Count > 0) return GpdProblems.Validation(errors);

        var position = await db.LoadAsync(organizationfiscalcode, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
        if (DebtPositionsApi.CheckIfMatch(ifMatch, position) is { } stale) return stale;
        if (!PositionStatus.IsUpdatable(position.Status))
            return DebtPositionsApi.Conflict($"position {iupd} is {position.Status} and can no longer be updated");

        var known = position.Options.ToDictionary(o => o.Iuv, o => o.Nav, StringComparer.Ordinal);
        var assigned = await notices.AssignAsync(organizationfiscalcode, body.Options!, known, ct);
        if (assigned.Errors is { } iuvErrors) return GpdProblems.Validation(StricterThanGpd.OnIuvs(input.Rename(iuvErrors)));
        if (assigned.Problem is not null) return assigned.ToProblem();

        if (position.Update(body.ToContent(organizationfiscalcode, assigned.Numbers!), toPublish == true, cause, now) is { } refused)
            return DebtPositionsApi.Conflict(refused);
        db.PublishChange(position, cause, time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DebtPositionsApi.Conflict($"position {iupd} was changed by another request meanwhile; read it again and retry");
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_payment_options_org_iuv"))
        {
            return DebtPositionsApi.Conflict($"an IUV of position {iupd} is already used by another notice of organization {organizationfiscalcode}");
        }
        return TypedResults.Ok(dialect.Respond(position));
    }
}
