using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Statement;

// Our addition: the EC's newest positions without GPD's page info. GPD's list must count every position the filter
// keeps to give its total pages, which for a large EC costs more than the page itself; the back office home asks for
// the newest few on every view and shows no total.
internal static class LatestPositionsApi
{
    public const int MaxResults = 50;

    public static RouteGroupBuilder MapLatestPositions(this RouteGroupBuilder group)
    {
        group.MapGet("/search/latest", Latest).WithSummary("The EC's newest positions, newest first, without a total");
        return group;
    }

    private static async Task<Results<Ok<List<PositionResponse>>, ValidationProblem>> Latest(
        string organizationfiscalcode, [FromQuery] int? limit, DebtPositionsDb db, CancellationToken ct)
    {
        if (limit is < 1 or > MaxResults)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit is between 1 and {MaxResults}"] });
        // Newest by id, as GPD's list orders INSERTED_DATE: the primary key walked backwards within the EC.
        var positions = await db.Positions.AsNoTracking().Where(p => p.OrganizationFiscalCode == organizationfiscalcode)
            .OrderByDescending(p => p.Id).Take(limit ?? 10).Whole().ToListAsync(ct);
        return TypedResults.Ok(positions.Select(p => p.ToResponse()).ToList());
    }
}
