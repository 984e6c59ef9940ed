using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Persistence;

namespace DebtPositions.Coercive;

/// <summary>POST …/debtpositions/{iupd}/reissue: cancel one position and re-issue it for coercive collection.</summary>
internal static class ReissueOne
{
    public static async Task<Results<Created<PositionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, string iupd, ReissueRequest body, HttpRequest request, DebtPositionsDb db, Reissuer reissuer,
        CoerciveQuotes quotes, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var terms = ReissueTerms.Of(errors, body.EnforceableFrom, body.CostsCents, body.MoraInterest, body.DueDate, Snapshots.RomeDate(time.GetUtcNow()));
        if (body.NewIupd is { } chosen && ReissueTerms.IupdProblem(chosen) is { } badIupd) errors["newIupd"] = [badIupd];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!quotes.Configured) return CoerciveApi.NotConfigured();

        var id = await db.Positions.Where(p => p.OrganizationFiscalCode == organizationfiscalcode && p.Iupd == iupd).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct);
        if (id is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
        await using var tx = await db.LockPositionsAsync([id.Value], ct);
        var position = await db.LoadAsync(organizationfiscalcode, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
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
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return DebtPositionsApi.Conflict($"position {successor.Iupd} or one of its notice numbers already exists for organization {organizationfiscalcode}");
        }
        return TypedResults.Created(
            $"{DebtPositionsApi.Prefix.Replace("{organizationfiscalcode}", organizationfiscalcode, StringComparison.Ordinal)}/{successor.Iupd}",
            successor.ToResponse());
    }
}
