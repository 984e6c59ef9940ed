using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Lifecycle;

// publish and invalidate (GPD), revalidate (ours: restores INVALID/EXPIRED keeping the notices).
internal static class LifecycleApi
{
    public static Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Publish(
        string organizationfiscalcode, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct) =>
        Transition(organizationfiscalcode, iupd, request, db, time, (p, cause, now) => p.Publish(cause, now), GpdMapping.ToResponse, ct);

    public static Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Invalidate(
        string organizationfiscalcode, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct) =>
        Transition(organizationfiscalcode, iupd, request, db, time, (p, cause, now) => p.Invalidate(cause, now), GpdMapping.ToResponse, ct);

    public static Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Revalidate(
        string organizationfiscalcode, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct) =>
        Transition(organizationfiscalcode, iupd, request, db, time, (p, cause, now) => p.Revalidate(cause, now), GpdMapping.ToResponse, ct);

    // One transition in any GPD version (the version only changes the answer's shape).
    public static async Task<Results<Ok<T>, ProblemHttpResult>> Transition<T>(
        string organization, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time,
        Func<Position, string, DateTimeOffset, string?> transition, Func<Position, T> respond, CancellationToken ct)
    {
        var position = await db.LoadAsync(organization, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organization, iupd);
        if (DebtPositionsApi.CheckIfMatch(request, position) is { } stale) return stale;
        var cause = DebtPositionsApi.Cause(request);
        if (transition(position, cause, time.GetUtcNow()) is { } refused) return DebtPositionsApi.Conflict(refused);
        db.PublishChange(position, cause, time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DebtPositionsApi.Conflict($"position {iupd} was changed by another request meanwhile; read it again and retry");
        }
        return TypedResults.Ok(respond(position));
    }
}
