using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Persistence;
using ServiceDefaults.Time;
using ServiceDefaults.Web;

namespace DebtPositions.Coercive;

// POST …/debtpositions/{iupd}/reissue: cancel one position and re-issue it for coercive collection. With an
// Idempotency-Key, a repeat gets the first 201 again (a repeat without one gets a 409 naming the successor); the key
// with another body, a 422.
internal static class ReissueOne
{
    public static async Task<Results<Created<PositionResponse>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, string iupd, ReissueRequest body, HttpRequest request, DebtPositionsDb db, Reissuer reissuer,
        CoerciveQuotes quotes, IOptions<JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var terms = ReissueTerms.Of(errors, body.EnforceableFrom, body.CostsCents, body.MoraInterest, body.DueDate, RomeCalendar.DateOf(time.GetUtcNow()));
        if (body.NewIupd is { } chosen && ReissueTerms.IupdProblem(chosen) is { } badIupd) errors["newIupd"] = [badIupd];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!quotes.Configured) return CoerciveApi.NotConfigured();

        var id = await db.Positions.Of(organizationfiscalcode, iupd).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct);
        if (id is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
        await using var tx = await db.LockPositionsAsync([id.Value], ct);
        var position = await db.LoadAsync(organizationfiscalcode, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
        // After the lock: a racing request with the same key has committed its answer by the time this one holds the position.
        var key = request.Headers[RequestBounds.IdempotencyKeyHeader].FirstOrDefault();
        var hash = RequestHash(iupd, body);
        if (key is not null && await ReplayAsync(db, organizationfiscalcode, key, hash, ct) is { } replay) return replay;
        if (DebtPositionsApi.CheckIfMatch(request, position) is { } stale) return stale;
        IReadOnlyList<ReissueOutcome> outcomes;
        try
        {
            outcomes = await reissuer.ReissueAsync(organizationfiscalcode, [position], terms!, p => body.NewIupd ?? ReissueTerms.DefaultIupd(p.Iupd),
                DebtPositionsApi.Cause(request), ct);
        }
        catch (ReissueImpossible e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Organization not configured");
        }
        catch (Exception e) when (CoerciveApi.IsUnavailable(e))
        {
            return CoerciveApi.Unavailable(e);
        }
        var outcome = outcomes[0];
        if (outcome.Successor is not { } successor) return DebtPositionsApi.Conflict(outcome.Refusal!);
        if (key is not null)
            db.IdempotencyKeys.Add(IdempotencyKey.Of(organizationfiscalcode, key, hash, StatusCodes.Status201Created,
                JsonSerializer.Serialize(successor.ToResponse(), json.Value.SerializerOptions), time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (key is not null && await ReplayAsync(db, organizationfiscalcode, key, hash, ct) is { } raced) return raced;
            return DebtPositionsApi.Conflict($"position {successor.Iupd} or one of its notice numbers already exists for organization {organizationfiscalcode}");
        }
        return TypedResults.Created(
            $"{DebtPositionsApi.Prefix.Replace("{organizationfiscalcode}", organizationfiscalcode, StringComparison.Ordinal)}/{successor.Iupd}",
            successor.ToResponse());
    }

    // The position and the body: the same key for another position or other terms is another request.
    private static string RequestHash(string iupd, ReissueRequest body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("reissue " + iupd + " " + JsonSerializer.Serialize(body))));

    // The stored first answer for this key, a 422 when the key came with another request, or null when the key is
    // new.
    private static async Task<Results<Created<PositionResponse>, ContentHttpResult, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        DebtPositionsDb db, string organization, string key, string hash, CancellationToken ct)
    {
        var stored = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.OrganizationFiscalCode == organization && k.Key == key, ct);
        if (stored is null) return null;
        if (stored.RequestHash != hash)
            return TypedResults.Problem($"Idempotency-Key {key} was first used with a different request", statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused");
        return TypedResults.Text(stored.ResponseBody, "application/json", Encoding.UTF8, stored.StatusCode);
    }
}
