using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Statement;

// Our addition: the EC's positions whose debtor's or jointly liable debtor's name contains what an operator typed, in
// any case (the back office's search by name). Trigram indexes answer the containment (migrations 0027 and 0029, ADRs
// 0083 and 0094).
internal static class NameSearchApi
{
    public const int MinLength = 3;
    public const int MaxLength = 100;
    public const int MaxResults = 50;

    public static RouteGroupBuilder MapNameSearch(this RouteGroupBuilder group)
    {
        group.MapGet("/search/by-name", Search).WithSummary("Positions whose debtor's full name contains the given text, any case");
        return group;
    }

    private static async Task<Results<Ok<List<PositionResponse>>, ValidationProblem>> Search(
        string organizationfiscalcode, [FromQuery] string? name, [FromQuery] int? limit, DebtPositionsDb db, CancellationToken ct)
    {
        var text = name?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        // Fewer than three characters have no trigram: the index could not narrow them, every position would be read.
        if (text.Length is < MinLength or > MaxLength) errors["name"] = [$"name is {MinLength} to {MaxLength} characters"];
        if (limit is < 1 or > MaxResults) errors["limit"] = [$"limit is between 1 and {MaxResults}"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var found = await Matching(db, organizationfiscalcode, text).Take(limit ?? MaxResults).Whole().ToListAsync(ct);
        return TypedResults.Ok(found.Select(p => p.ToResponse()).ToList());
    }

    // The position's debtor or a jointly liable debtor (a notice's own debtor) whose name contains the text. Two
    // trigram index lookups joined by a UNION (migrations 0027 and 0029), as the statement does for fiscal codes: one
    // OR across the two tables would read every position of the EC. Newest first, by insertion time rather than id:
    // ordered by id, PostgreSQL may walk the primary key backwards hoping to meet 50 matches soon, and reads the whole
    // EC when the name is rare there. Insertion time has no index, so the trigram indexes always narrow first. What was
    // typed is a literal: % and _ are not wildcards here.
    internal static IQueryable<Position> Matching(DebtPositionsDb db, string organization, string text)
    {
        var pattern = "%" + Literal(text) + "%";
        var asDebtor = db.Positions.Where(p => p.OrganizationFiscalCode == organization && EF.Functions.ILike(p.FullName, pattern, "\\")).Select(p => p.Id);
        // The expression is the index's (0029) word for word, or the planner does not use it.
        var asCoDebtor = db.Database.SqlQuery<long>($"""
            SELECT position_id AS "Value" FROM debt_positions.payment_options
            WHERE organization_fiscal_code = {organization} AND debtor IS NOT NULL AND (debtor ->> 'fullName') ILIKE {pattern} ESCAPE '\'
            """);
        var ids = asDebtor.Union(asCoDebtor);
        return db.Positions.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.OrganizationFiscalCode == organization)
            .OrderByDescending(p => p.InsertedDate).ThenByDescending(p => p.Id);
    }

    private static string Literal(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
