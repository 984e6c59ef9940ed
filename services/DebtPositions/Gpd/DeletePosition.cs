using Contracts.DebtPositions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;

namespace DebtPositions.Gpd;

// DELETE …/{iupd} (GPD deletePosition, v1 and v3; v2 deletes several): any position without a payment can be deleted.
// One the station offered is withdrawn first, as an invalidation every consumer already understands; its last version
// is kept so that a position created later with the same IUPD continues it (docs/decisions/0044).
internal static class DeletePosition
{
    public static async Task<Results<Ok<string>, ProblemHttpResult>> Handle(
        string organizationfiscalcode, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct)
    {
        // Loaded whole: its notices and transfers are deleted with it by the aggregate, not by the database (ADR 0012).
        var position = await db.LoadAsync(organizationfiscalcode, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
        if (DebtPositionsApi.CheckIfMatch(request, position) is { } stale) return stale;
        return await DeleteAsync(db, [position], DebtPositionsApi.Cause(request), time, ct) is { } refused ? refused : TypedResults.Ok("OK");
    }

    // Deletes the positions all together, or none of them: the answer for the first that cannot go.
    public static async Task<ProblemHttpResult?> DeleteAsync(
        DebtPositionsDb db, IReadOnlyList<Position> positions, string cause, TimeProvider time, CancellationToken ct)
    {
        foreach (var position in positions)
            if (Refusal(position) is { } refused) return DebtPositionsApi.Conflict(refused);
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var position in positions)
        {
            var lastVersion = position.Version;
            if (position.Status is PositionStatus.Published or PositionStatus.Valid)
            {
                lastVersion++;
                var withdrawn = position.ToSnapshot() with { Status = PositionStatus.Invalid, Version = lastVersion };
                db.AddToOutbox(new DebtPositionChanged(withdrawn, DebtPositionChanges.Invalidated, cause + " (deleted)", now), time);
            }
            db.Positions.Remove(position);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO debt_positions.deleted_positions (organization_fiscal_code, iupd, last_version, deleted_at)
                VALUES ({position.OrganizationFiscalCode}, {position.Iupd}, {lastVersion}, {now})
                ON CONFLICT (organization_fiscal_code, iupd) DO UPDATE SET last_version = EXCLUDED.last_version, deleted_at = EXCLUDED.deleted_at
                """, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DebtPositionsApi.Conflict("a position was changed by another request meanwhile (a payment?); nothing was deleted, read it again");
        }
        await tx.CommitAsync(ct);
        return null;
    }

    private static string? Refusal(Position position) => position switch
    {
        { Status: PositionStatus.PartiallyPaid or PositionStatus.Paid or PositionStatus.Reported } =>
            $"position {position.Iupd} is {position.Status}: a position with a payment cannot be deleted",
        { ReissuedAs: { } successor } =>
            $"position {position.Iupd} was re-issued as {successor} for coercive collection and is kept as its origin",
        _ => null,
    };

    // The last version of a deleted position with this IUPD, or 0: where a new one starts counting.
    public static Task<long> LastVersionAsync(DebtPositionsDb db, string organization, string iupd, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT last_version AS "Value" FROM debt_positions.deleted_positions
            WHERE organization_fiscal_code = {organization} AND iupd = {iupd}
            """).SingleOrDefaultAsync(ct);
}
